import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig } from 'vitest/config'
import { sourceConditions } from '../../vitest.shared'

export default mergeConfig(
  sourceConditions,
  defineConfig({
    // Nuxt's virtual `#imports` exists only inside a Nuxt build; the runtime plugins are tested against a fake.
    resolve: { alias: { '#imports': fileURLToPath(new URL('./test/fakeNuxtApp.ts', import.meta.url)) } },
    test: { include: ['test/**/*.test.ts'], environment: 'jsdom' },
  }),
)
