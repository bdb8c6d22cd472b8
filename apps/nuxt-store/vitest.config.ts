import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'
import { defineConfig, mergeConfig, type ViteUserConfig } from 'vitest/config'
import { sourceConditions } from '../../vitest.shared'

// The Vue SFC plugin comes with Nuxt's Vite builder; borrowing it avoids a second copy as a dependency.
const fromNuxt = createRequire(createRequire(import.meta.url).resolve('nuxt/package.json'))
const fromViteBuilder = createRequire(fromNuxt.resolve('@nuxt/vite-builder/package.json'))
const { default: vue } = (await import(fromViteBuilder.resolve('@vitejs/plugin-vue'))) as {
  default: () => NonNullable<ViteUserConfig['plugins']>[number]
}

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url))

export default mergeConfig(
  sourceConditions,
  defineConfig({
    plugins: [vue()],
    resolve: {
      alias: {
        // What Nuxt provides inside a build; components import from `#imports` explicitly so these work.
        '#imports': here('./test/nuxtImports.ts'),
        '#shared': here('./shared'),
        '~~': here('.'),
      },
    },
    test: { include: ['test/**/*.test.ts'], environment: 'jsdom', setupFiles: ['test/setup.ts'] },
  }),
)
