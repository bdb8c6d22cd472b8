import { defineConfig, mergeConfig } from 'vitest/config'
import { sourceConditions } from '../../vitest.shared'

export default mergeConfig(
  sourceConditions,
  defineConfig({
    test: { include: ['test/**/*.test.ts'], environment: 'jsdom', setupFiles: ['test/setup.ts'] },
  }),
)
