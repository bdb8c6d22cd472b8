import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', host: 'src/host/index.ts', testing: 'src/testing/index.ts', server: 'src/server/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2020',
  treeshake: true,
})
