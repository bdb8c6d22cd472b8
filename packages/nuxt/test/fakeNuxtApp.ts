import type { App } from 'vue'

/** Stands in for Nuxt's `#app` in tests: the few functions the runtime plugins use. */
export interface FakeNuxtApp {
  vueApp: App
  isHydrating: boolean
  hooks: { hookOnce(name: string, fn: () => void): void }
  /** Runs the hooks registered under `name`, as Nuxt does when hydration ends. */
  callHook(name: string): void
}

export const runtimeConfig: { public: Record<string, unknown> } = { public: {} }

export const useRuntimeConfig = () => runtimeConfig

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
