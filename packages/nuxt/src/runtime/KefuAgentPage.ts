import { defineComponent, onBeforeUnmount, onMounted, provide, type PropType } from 'vue'
import { createAgentPlugin, kefuAgentKey, type AgentPluginConfig } from '@kefu/vue/agent'

/**
 * Wraps a business plugin page: `<KefuAgentPage :config="signedConfig">…</KefuAgentPage>`. It provides the
 * page's agent plugin to its slot (for `useSelectedVisitor`, `usePushCard`, …) and sends the signature
 * the page's server computed once mounted in the browser — the `createKefuAgent` contract, per page
 * rather than per app, because only a plugin page has a signature. On the server it renders the initial state.
 */
export default defineComponent({
  name: 'KefuAgentPage',
  props: {
    /** `{ timestamp, nonce, signature }` signed by your server over this page's URL; null = not configured. */
    config: { type: Object as PropType<AgentPluginConfig | null>, default: null },
    /** The workbench origin, when it is not in the page's `kefuOrigin` parameter. */
    hostOrigin: { type: String, default: undefined },
    debug: { type: Boolean, default: false },
  },
  setup(props, { slots }) {
    const plugin = createAgentPlugin({ ...(props.hostOrigin && { hostOrigin: props.hostOrigin }), debug: props.debug })
    provide(kefuAgentKey, plugin)
    onMounted(() => {
      if (props.config) plugin.config(props.config)
    })
    onBeforeUnmount(() => plugin.destroy())
    return () => slots.default?.()
  },
})
