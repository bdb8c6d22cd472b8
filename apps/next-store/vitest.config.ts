import { defineConfig, mergeConfig } from 'vitest/config'
import { sourceConditions } from '../../vitest.shared'

export default mergeConfig(
  sourceConditions,
  defineConfig({
    esbuild: { jsx: 'automatic' },
    test: {
      include: ['test/**/*.test.{ts,tsx}'],
      environment: 'jsdom',
      setupFiles: ['test/setup.ts'],
      // next/navigation's hooks need the app router; the components only use push().
      alias: { 'next/navigation': new URL('./test/nextNavigation.ts', import.meta.url).pathname },
    },
  }),
)
