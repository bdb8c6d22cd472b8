import { defineConfig, mergeConfig } from 'vitest/config'
import { sourceConditions } from '../vitest.shared'

export default mergeConfig(
  sourceConditions,
  defineConfig({
    test: { include: ['test/**/*.test.ts'], environment: 'node', testTimeout: 60_000, hookTimeout: 120_000, fileParallelism: false },
  }),
)
