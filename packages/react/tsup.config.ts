import type { Plugin } from 'esbuild'
import { defineConfig, type Options } from 'tsup'

/**
 * Keeps one output file per source file: a relative import stays an import of the sibling's output. So each
 * hook keeps its own 'use client' directive and the entries themselves are not client boundaries, as Next.js
 * (webpack and Turbopack) expects of a library with Server Component users.
 */
const keepModules = (extension: string): Plugin => ({
  name: 'kefu-keep-modules',
  setup(build) {
    build.onResolve({ filter: /^\.\.?\// }, (args) => (args.kind === 'entry-point' ? undefined : { path: `${args.path}${extension}`, external: true }))
  },
})

const shared: Options = {
  entry: ['src/**/*.ts', 'src/**/*.tsx', '!src/**/*.test.*'],
  sourcemap: true,
  target: 'es2020',
  external: ['react', '@kefu/core', '@kefu/agent'],
}

export default defineConfig([
  { ...shared, format: 'esm', dts: true, clean: true, esbuildPlugins: [keepModules('.js')] },
  { ...shared, format: 'cjs', dts: true, esbuildPlugins: [keepModules('.cjs')] },
])
