import { beforeEach, describe, expect, it, vi } from 'vitest'
import * as kefuVue from '@kefu/vue'
import * as kefuVueAgent from '@kefu/vue/agent'

const kit = vi.hoisted(() => ({
  addPlugin: vi.fn(),
  addImports: vi.fn(),
  addComponent: vi.fn(),
  addTypeTemplate: vi.fn(),
}))

vi.mock('@nuxt/kit', () => ({
  ...kit,
  // The definition itself, so the test can call its setup with a fake Nuxt.
  defineNuxtModule: (definition: unknown) => definition,
  createResolver: () => ({ resolve: (path: string) => `/pkg/src/${path.replace(/^\.\//, '')}` }),
}))

const { default: kefuModule, KEFU_AGENT_COMPOSABLES, KEFU_COMPOSABLES } = await import('../src/module')

interface Definition {
  meta: { configKey: string }
  defaults: Record<string, unknown>
  setup(options: Record<string, unknown>, nuxt: unknown): void
}
const definition = kefuModule as unknown as Definition

function fakeNuxt(publicConfig: Record<string, unknown> = {}) {
  return { options: { runtimeConfig: { public: publicConfig }, build: { transpile: [] as string[] } } }
}

const composablesOf = (exports: object) => Object.keys(exports).filter((name) => /^use[A-Z]/.test(name)).sort()

beforeEach(() => vi.clearAllMocks())

describe('the imports list', () => {
  it('is every composable @kefu/vue exports, so it cannot drift', () => {
    expect([...KEFU_COMPOSABLES].sort()).toEqual(composablesOf(kefuVue))
  })

  it('is every composable @kefu/vue/agent exports', () => {
    expect([...KEFU_AGENT_COMPOSABLES].sort()).toEqual(composablesOf(kefuVueAgent))
  })
})

describe('module setup', () => {
  it('registers the client and server plugins, the imports and the plugin-page component', () => {
    const nuxt = fakeNuxt()
    definition.setup({ ...definition.defaults, companyId: 'demo', serverUrl: 'http://127.0.0.1:8080' }, nuxt)
    expect(definition.meta.configKey).toBe('kefu')
    expect(kit.addPlugin.mock.calls.map(([plugin]) => plugin)).toEqual([
      { src: '/pkg/src/runtime/plugin.client', mode: 'client' },
      { src: '/pkg/src/runtime/plugin.server', mode: 'server' },
    ])
    const imports = kit.addImports.mock.calls[0]![0] as { name: string; from: string }[]
    expect(imports.filter((i) => i.from === '@kefu/vue').map((i) => i.name)).toEqual([...KEFU_COMPOSABLES])
    expect(imports.filter((i) => i.from === '@kefu/vue/agent').map((i) => i.name)).toEqual([...KEFU_AGENT_COMPOSABLES])
    expect(imports).toContainEqual({ name: 'useKefuWidget', from: '/pkg/src/runtime/useKefuWidget' })
    expect(kit.addComponent).toHaveBeenCalledWith({ name: 'KefuAgentPage', filePath: '/pkg/src/runtime/KefuAgentPage' })
    expect(nuxt.options.build.transpile).toContain('@kefu/vue')
    const [template] = kit.addTypeTemplate.mock.calls[0]! as [{ filename: string; getContents(): string }]
    expect(template.filename).toBe('types/kefu-page-meta.d.ts')
    expect(template.getContents()).toMatch(/declare module '#app' \{\s+interface PageMeta \{[^}]*kefuWidget\?: boolean/)
  })

  it('puts the options in runtimeConfig.public.kefu, where runtime config from nuxt.config wins', () => {
    const nuxt = fakeNuxt({ kefu: { serverUrl: 'https://kefu.example.com' } })
    definition.setup({ ...definition.defaults, companyId: 'demo', serverUrl: 'http://127.0.0.1:8080' }, nuxt)
    expect(nuxt.options.runtimeConfig.public.kefu).toMatchObject({ companyId: 'demo', serverUrl: 'https://kefu.example.com' })
  })

  it('only warns at build time about options env may still give at runtime', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    definition.setup({ ...definition.defaults }, fakeNuxt())
    expect(warn).toHaveBeenCalledWith(expect.stringMatching(/companyId` is missing.*runtime/))
    expect(kit.addPlugin).toHaveBeenCalledTimes(2)
    warn.mockRestore()
  })
})
