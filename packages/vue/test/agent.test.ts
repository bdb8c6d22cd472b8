import { afterEach, describe, expect, it, vi } from 'vitest'
import { createSSRApp, defineComponent, h, nextTick } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createTestWorkbench, testSelectedVisitor, type TestWorkbenchOptions } from '@kefu/agent/testing'
import {
  createAgentPlugin,
  createKefuAgent,
  PluginArgumentError,
  useAgentPluginError,
  useAgentPluginStatus,
  usePushCard,
  useSelectedVisitor,
  useVisitorMessages,
  type PushCard,
  type ReceivedMessage,
} from '../src/agent'
import { mountWithKefu } from './helpers'

const SIGNED = { timestamp: 1_790_000_000, nonce: 'n0nce-0001', signature: 'ab'.repeat(32) }

const received = (visitorId: string, content: string): ReceivedMessage => ({
  visitorId,
  msgType: 1,
  content,
  message: { id: `m-${content}`, seq: 1, sender: 'visitor', createdAt: 0, state: 'sent', visibility: 'both', body: { type: 'text', text: content } },
})

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

function mountPluginPage(setupFn: () => () => unknown, options: TestWorkbenchOptions = {}) {
  const workbench = createTestWorkbench(options)
  const plugin = createAgentPlugin({ window: workbench.window })
  const mounted = mountWithKefu(defineComponent({ setup: setupFn }), createKefuAgent({ plugin, config: SIGNED }))
  cleanup = mounted.unmount
  const settle = async () => {
    await workbench.settle()
    await nextTick()
  }
  return { workbench, plugin, container: mounted.container, settle }
}

describe('@kefu/vue/agent', () => {
  it('sends the signature when mounted; status and error follow verification', async () => {
    let status!: ReturnType<typeof useAgentPluginStatus>
    let error!: ReturnType<typeof useAgentPluginError>
    const { settle } = mountPluginPage(
      () => {
        status = useAgentPluginStatus()
        error = useAgentPluginError()
        return () => h('p', status.value)
      },
      { verify: () => 'signature_expired' },
    )
    expect(status.value).toBe('verifying')
    await settle()
    expect(status.value).toBe('error')
    expect(error.value?.reason).toBe('signature_expired')
  })

  it('useSelectedVisitor and useVisitorMessages follow the workbench and render', async () => {
    const { workbench, container, settle } = mountPluginPage(() => {
      const selected = useSelectedVisitor()
      const messages = useVisitorMessages()
      return () => h('p', `${selected.value?.visitorData.visitorId ?? 'none'}:${messages.value.map((m) => m.content).join(',')}`)
    })
    await settle()
    expect(container.textContent).toBe('none:')
    workbench.select(testSelectedVisitor('v_1'))
    await settle()
    workbench.receive(received('v_1', '有L码吗'))
    await settle()
    expect(container.textContent).toBe('v_1:有L码吗')
    workbench.select(testSelectedVisitor('v_2'))
    await settle()
    expect(container.textContent).toBe('v_2:')
  })

  it('the refs are readonly', async () => {
    let selected!: ReturnType<typeof useSelectedVisitor>
    mountPluginPage(() => {
      selected = useSelectedVisitor()
      return () => null
    })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    ;(selected as { value: unknown }).value = testSelectedVisitor('forged')
    expect(selected.value).toBeNull()
    vi.restoreAllMocks()
  })

  it('usePushCard pushes a product card and reports a bad one', async () => {
    let push!: PushCard
    const { workbench, settle } = mountPluginPage(() => {
      push = usePushCard()
      return () => h('output', push.state.value)
    })
    await settle()
    workbench.select(testSelectedVisitor('v_1'))
    const sent = push.push({ title: '复古毛衣', url: "apiUrl(263,'reload')" })
    expect(push.state.value).toBe('pushing')
    await settle()
    await sent
    expect(push.state.value).toBe('pushed')
    expect(workbench.calls).toEqual([{ method: 'pushVisitorEvent', args: { card: expect.objectContaining({ title: '复古毛衣' }) } }])
    await expect(push.push({ title: '' })).rejects.toBeInstanceOf(PluginArgumentError)
    await settle()
    expect(push.state.value).toBe('error')
    expect(workbench.calls).toHaveLength(1)
  })

  it('stops listening when the app unmounts', async () => {
    let renders = 0
    const { workbench, settle } = mountPluginPage(() => {
      const selected = useSelectedVisitor()
      return () => (renders++, h('p', selected.value?.visitorData.visitorId))
    })
    await settle()
    cleanup?.()
    cleanup = undefined
    const before = renders
    workbench.select(testSelectedVisitor('v_9'))
    await settle()
    expect(renders).toBe(before)
  })

  it('throws a helpful error without the plugin', () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    expect(() => mountWithKefu(defineComponent({ setup: () => (useSelectedVisitor(), () => null) }), { install() {} })).toThrow(/createKefuAgent/)
    vi.restoreAllMocks()
  })

  it('renders on the server without posting the signature', async () => {
    const posted = vi.fn()
    const plugin = createAgentPlugin({ window: { parent: { postMessage: posted } } as unknown as Window })
    const app = createSSRApp(defineComponent({ setup: () => {
      const status = useAgentPluginStatus()
      return () => h('p', status.value)
    } })).use(createKefuAgent({ plugin, config: SIGNED }))
    expect(await renderToString(app)).toContain('unconfigured')
    expect(posted).not.toHaveBeenCalled()
  })
})
