import { defineConfig, mergeConfig } from 'vitest/config'
import { sourceConditions } from '../../vitest.shared'

export default mergeConfig(
  sourceConditions,
  defineConfig({
    test: {
      include: ['test/**/*.test.ts'],
      environment: 'node',
      // Starting a server on a fresh PGlite takes seconds, and a minute or more when the 2-core machine is
      // loaded (CI runs every package at once); tests wait for conditions, so long limits cost nothing.
      testTimeout: 30_000,
      hookTimeout: 120_000,
    },
  }),
)
