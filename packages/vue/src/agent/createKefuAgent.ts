import type { App, Plugin } from 'vue'
import { createAgentPlugin, type AgentPlugin, type AgentPluginConfig, type AgentPluginOptions } from '@kefu/agent'
import { kefuAgentKey } from './kefuAgentKey'

export type KefuAgentOptions = ({ readonly plugin: AgentPlugin } | AgentPluginOptions) & {
  /** The signature your page's server computed; sent with `config` once the app is mounted. */
  readonly config?: AgentPluginConfig
}

/**
 * The Vue plugin for a business page inside the kefu agent workbench:
 * `app.use(createKefuAgent({ config: { timestamp, nonce, signature } }))`. The signature is sent only
 * when the app is mounted in a browser, never during server rendering.
 */
export function createKefuAgent(options: KefuAgentOptions = {}): Plugin {
  return {
    install(app: App) {
      const given = 'plugin' in options ? options.plugin : undefined
      const { config, ...pluginOptions } = options as AgentPluginOptions & { readonly config?: AgentPluginConfig }
      const plugin = given ?? createAgentPlugin(pluginOptions)
      app.provide(kefuAgentKey, plugin)
      const mount = app.mount
      app.mount = ((...args: Parameters<App['mount']>) => {
        const instance = mount(...args)
        if (config) plugin.config(config)
        return instance
      }) as App['mount']
      // Only a plugin this created is its to destroy.
      if (!given) onAppUnmount(app, () => plugin.destroy())
    },
  }
}

function onAppUnmount(app: App, cleanup: () => void): void {
  if (typeof app.onUnmount === 'function') return app.onUnmount(cleanup)
  const unmount = app.unmount
  app.unmount = () => {
    unmount()
    cleanup()
  }
}
