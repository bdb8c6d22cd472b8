import type { App } from 'vue'

/** Stands in for Nuxt's `#imports` in tests: the few functions the runtime plugins use. */
export interface FakeNuxtApp {
  vueApp: App
  isHydrating: boolean
  hooks: { hookOnce(name: string, fn: () => void): void }
  /** Runs the hooks registered under `name`, as Nuxt does when hydration ends. */
  callHook(name: string): void
}

export const runtimeConfig: { public: Record<string, unknown> } = { public: {} }

export const useRuntimeConfig = () => runtimeConfig

type Meta = Record<string, unknown>

/** A router with the current page's meta and `afterEach`; `navigate` plays a page change. */
export const router = {
  currentRoute: { value: { meta: {} as Meta } },
  guards: [] as ((to: { meta: Meta }) => void)[],
  afterEach(guard: (to: { meta: Meta }) => void) {
    this.guards.push(guard)
    return () => void (this.guards = this.guards.filter((g) => g !== guard))
  },
  navigate(meta: Meta) {
    this.currentRoute.value = { meta }
    for (const guard of [...this.guards]) guard({ meta })
  },
  reset() {
    this.currentRoute.value = { meta: {} }
    this.guards = []
  },
}

export const useRouter = () => router

export function fakeNuxtApp(vueApp: App, isHydrating = true): FakeNuxtApp {
  const hooks = new Map<string, (() => void)[]>()
  return {
    vueApp,
    isHydrating,
    hooks: { hookOnce: (name, fn) => void hooks.set(name, [...(hooks.get(name) ?? []), fn]) },
    callHook(name) {
      const fns = hooks.get(name) ?? []
      hooks.delete(name)
      fns.forEach((fn) => fn())
    },
  }
}

interface PluginDefinition {
  name: string
  setup(nuxtApp: FakeNuxtApp): unknown
}

export const defineNuxtPlugin = (plugin: PluginDefinition): PluginDefinition => plugin
