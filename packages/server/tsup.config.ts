import { copyFileSync } from 'node:fs'
import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: true,
  clean: true,
  target: 'node20',
  platform: 'node',
  // PGlite's worker thread loads this file by its path beside the bundle (see src/db/pgliteDatabase.ts).
  onSuccess: async () => copyFileSync('src/db/pgliteWorkerThread.mjs', 'dist/pgliteWorkerThread.mjs'),
})
