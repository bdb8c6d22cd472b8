import { defaultClientConditions, defaultServerConditions } from 'vite'
import type { ViteUserConfig } from 'vitest/config'

// Tests resolve sibling packages to their TypeScript sources, so no build is needed before testing.
export const sourceConditions: ViteUserConfig = {
  resolve: { conditions: ['@kefu/source', ...defaultClientConditions] },
  ssr: { resolve: { conditions: ['@kefu/source', ...defaultServerConditions] } },
}
