import type { App, Plugin } from 'vue'
import { createChat, type ChatClient, type ChatOptions } from '@kefu/core'
import { kefuClientKey } from './kefuClientKey'

export type KefuPluginOptions = ChatOptions | { readonly client: ChatClient }

/**
 * The Vue plugin: `app.use(createKefu({ companyId, transport }))`. Each app gets its own client,
 * so each server request gets its own; the client connects only when the app is mounted in a browser,
 * never during `renderToString`.
 */
export function createKefu(options: KefuPluginOptions): Plugin {
  return {
    install(app: App) {
      const client = 'client' in options ? options.client : createChat(options)
      app.provide(kefuClientKey, client)
      const mount = app.mount
      app.mount = ((...args: Parameters<App['mount']>) => {
        const instance = mount(...args)
        client.connect()
        return instance
      }) as App['mount']
      // The plugin connected your client, so it disconnects it; only a client it created is its to destroy.
      onAppUnmount(app, () => ('client' in options ? client.disconnect() : client.destroy()))
    },
  }
}

/** `app.onUnmount` arrived in Vue 3.5; on 3.3 and 3.4 (still in our peer range) wrap `app.unmount`. */
function onAppUnmount(app: App, cleanup: () => void): void {
  if (typeof app.onUnmount === 'function') return app.onUnmount(cleanup)
  const unmount = app.unmount
  app.unmount = () => {
    unmount()
    cleanup()
  }
}
