import { defineConfig } from 'tsup'

export default defineConfig({
  entry: { index: 'src/index.ts', cards: 'src/cards/index.ts', identity: 'src/identity/index.ts', lifecycle: 'src/conversationLifecycle.ts', store: 'src/store/index.ts', testing: 'src/testing/index.ts', websocket: 'src/websocket/index.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2020',
  treeshake: true,
})
