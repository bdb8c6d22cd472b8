import { defineComponent, onBeforeUnmount, onMounted, provide, type PropType } from 'vue'
import { useRuntimeConfig } from '#imports'
import { createAgentPlugin, kefuAgentKey, type AgentPluginConfig } from '@kefu/vue/agent'
import { resolveKefuOptions } from './options'

/**
 * Wraps a business plugin page: `<KefuAgentPage :config="signedConfig">…</KefuAgentPage>`. It provides the
 * page's agent plugin to its slot (for `useSelectedVisitor`, `usePushCard`, …) and sends the signature
 * the page's server computed once mounted in the browser — the `createKefuAgent` contract, per page
 * rather than per app, because only a plugin page has a signature. On the server it renders the initial state.
 * The plugin talks only to the workbench's origin: `hostOrigin`, by default the origin of `kefu.serverUrl`
 * (the kefu server serves the workbench at `/desk/`), never one read from the page's URL or referrer.
 */
export default defineComponent({
  name: 'KefuAgentPage',
  props: {
    /** `{ timestamp, nonce, signature }` signed by your server over this page's URL; null = not configured. */
    config: { type: Object as PropType<AgentPluginConfig | null>, default: null },
    /** The workbench's origin, when it is not the kefu server's (`kefu.serverUrl`). */
    hostOrigin: { type: String, default: undefined },
    debug: { type: Boolean, default: false },
  },
  setup(props, { slots }) {
    const hostOrigin = props.hostOrigin || new URL(resolveKefuOptions(useRuntimeConfig().public.kefu).serverUrl).origin
    const plugin = createAgentPlugin({ hostOrigin, debug: props.debug })
    provide(kefuAgentKey, plugin)
    onMounted(() => {
      if (props.config) plugin.config(props.config)
    })
    onBeforeUnmount(() => plugin.destroy())
    return () => slots.default?.()
  },
})
