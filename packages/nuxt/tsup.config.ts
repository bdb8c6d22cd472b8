import { defineConfig } from 'tsup'

// Two builds: the module (run by Nuxt in Node, ESM + CJS) and the runtime files Nuxt adds to the app,
// one file each, with Nuxt's virtual `#app` left for the app's bundler to resolve.
export default defineConfig([
  {
    entry: { module: 'src/module.ts' },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: ['module.*'],
    target: 'node18',
    shims: true,
    external: ['@nuxt/kit', '@nuxt/schema', 'nuxt', 'vue', /^@kefu\//],
  },
  {
    entry: ['src/runtime/*.ts'],
    outDir: 'dist/runtime',
    format: ['esm'],
    dts: true,
    sourcemap: true,
    clean: true,
    bundle: false,
    target: 'es2020',
    external: ['#app', '#imports', 'vue', /^@kefu\//],
  },
])
