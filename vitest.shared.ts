import { defaultClientConditions, defaultServerConditions } from 'vite'
import type { ViteUserConfig } from 'vitest/config'

// Tests resolve sibling packages to their TypeScript sources, so no build is needed before testing.
export const sourceConditions: ViteUserConfig = {
  resolve: { conditions: ['@kefu/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@kefu/source', ...defaultServerConditions] } },
  // The suite runs many packages at once on a 2-core machine: vitest's 5 s default fails sound
  // tests whose first render waits for a busy CPU. Tests wait for conditions, so a long limit costs nothing.
  test: { testTimeout: 30_000, hookTimeout: 60_000 },
}
