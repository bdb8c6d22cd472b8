import { defineConfig, mergeConfig } from 'vitest/config'
import { sourceConditions } from '../../vitest.shared'

export default mergeConfig(
  sourceConditions,
  defineConfig({
    esbuild: { jsx: 'automatic', jsxImportSource: 'preact' },
    test: {
      include: ['test/**/*.test.ts', 'test/**/*.test.tsx'],
      environment: 'node',
      // One preact instance: the testing library must resolve preact as the components do.
      server: { deps: { inline: ['@testing-library/preact'] } },
    },
  }),
)
