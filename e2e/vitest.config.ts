import { defineConfig, mergeConfig } from 'vitest/config'
import { sourceConditions } from '../vitest.shared'

export default mergeConfig(
  sourceConditions,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      environment: 'node',
      testTimeout: 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
      // A browser step can miss its timeout on a loaded CI machine: one more try there, and the summary
      // (scripts/test-summary.mjs) names every test that needed it.
      retry: process.env.CI ? 1 : 0,
    },
  }),
)
