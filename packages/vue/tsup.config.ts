import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', agent: 'src/agent/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2020',
  external: ['vue', '@kefu/core', '@kefu/agent'],
})
