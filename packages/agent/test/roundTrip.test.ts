import { afterEach, describe, expect, it, vi } from 'vitest'
import { BRIDGE_CHANNEL, BRIDGE_VERSION, PluginCallError, PluginError, type SelectedVisitor } from '../src'
import { CONFIG, DESK, createBridge, flush } from './bridgeHarness'

const SELECTED: SelectedVisitor = {
  chatStatus: 1,
  metaData: '',
  myData: 'order=42',
  visitorData: { visitorId: 'v-1', vip: '1' },
  routeData: { echatTag: 'spring' },
  chatData: { recordId: 'c-1', chatStatus: '1' },
  crmData: { name: '张三' },
  proof: null,
}
const OTHER: SelectedVisitor = { ...SELECTED, visitorData: { visitorId: 'v-2' } }

let bridge: ReturnType<typeof createBridge> | undefined
afterEach(() => {
  bridge?.cleanup()
  bridge = undefined
})

describe('plugin ⇄ host round trip', () => {
  it('verifies config, sends ready with the selected visitor, then performs calls', async () => {
    const verify = vi.fn(async () => {})
    bridge = createBridge({ verify, getSelected: () => SELECTED })
    const { plugin, host, handled } = bridge
    const ready = vi.fn()
    const selected = vi.fn()
    plugin.ready(ready)
    plugin.onSelectVisitor(selected)
    plugin.config(CONFIG)
    expect(plugin.getSnapshot().status).toBe('verifying')
    expect(bridge.toHost[0]).toEqual({
      targetOrigin: DESK,
      message: { channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'config', config: { ...CONFIG, pageUrl: 'about:blank' } },
    })
    await flush()
    expect(verify).toHaveBeenCalledWith({ ...CONFIG, pageUrl: 'about:blank' })
    expect(host.status).toBe('ready')
    expect(ready).toHaveBeenCalledTimes(1)
    expect(selected).toHaveBeenCalledWith(SELECTED)
    expect(plugin.getSnapshot()).toMatchObject({ status: 'ready', error: null, selected: SELECTED })

    await plugin.sendTxtMsgToVisitor('您好')
    await plugin.setVisitorChatSign({ chatSign: 1 })
    await plugin.pushVisitorEvent({ title: '毛衣', url: "apiUrl(263,'reload')" })
    expect(handled).toEqual([
      { method: 'sendMessage', args: { body: { type: 'text', text: '您好' } } },
      { method: 'setVisitorChatSign', args: { chatSign: 1 } },
      { method: 'pushVisitorEvent', args: { card: { title: '毛衣', urlForStaff: "apiUrl(263,'reload')" } } },
    ])
    // Every post went to the exact origin, never '*'.
    expect(bridge.toHost.every((post) => post.targetOrigin === DESK)).toBe(true)
    expect(bridge.toPlugin.every((post) => post.targetOrigin === 'https://plugin.example')).toBe(true)
    // ready callbacks registered later run at once
    const late = vi.fn()
    plugin.ready(late)
    expect(late).toHaveBeenCalledTimes(1)
  })

  it('queues calls made before ready and sends them once verified', async () => {
    bridge = createBridge()
    const { plugin, handled } = bridge
    const sent = plugin.sendTxtMsgToVisitor('早')
    expect(plugin.getSnapshot().status).toBe('unconfigured')
    await flush()
    expect(handled).toEqual([])
    expect(bridge.toHost).toEqual([])
    plugin.config(CONFIG)
    await sent
    expect(handled).toEqual([{ method: 'sendMessage', args: { body: { type: 'text', text: '早' } } }])
  })

  it('rejects a call the workbench refuses with a PluginCallError carrying its code', async () => {
    bridge = createBridge({
      handle: async () => {
        throw Object.assign(new Error('no conversation is selected'), { code: 'no_conversation' })
      },
    })
    bridge.plugin.config(CONFIG)
    const error = await bridge.plugin.sendTxtMsgToVisitor('hi').catch((e: unknown) => e)
    expect(error).toBeInstanceOf(PluginCallError)
    expect(error).toMatchObject({ code: 'no_conversation', message: 'no conversation is selected' })
  })

  it('reports a failed verification to error(), rejects queued calls, refuses later ones', async () => {
    bridge = createBridge({
      verify: async () => {
        throw new PluginError('signature_expired', 'the signature is older than 5 minutes')
      },
    })
    const { plugin, host, handled } = bridge
    const onError = vi.fn()
    plugin.error(onError)
    const queued = plugin.sendTxtMsgToVisitor('hi').catch((e: unknown) => e)
    plugin.config(CONFIG)
    await flush()
    expect(host.status).toBe('refused')
    expect(onError).toHaveBeenCalledTimes(1)
    const res = onError.mock.calls[0]![0] as PluginError
    expect(res).toBeInstanceOf(PluginError)
    expect(res).toMatchObject({ reason: 'signature_expired', errMsg: 'the signature is older than 5 minutes' })
    expect(await queued).toBe(res)
    expect(plugin.getSnapshot()).toMatchObject({ status: 'error', error: res })
    await expect(plugin.setVisitorChatSign({ chatSign: 0 })).rejects.toBe(res)
    expect(plugin.putMsg('{"msg":{"head":{"random":"1"},"body":[{"type":0,"content":{"text":"x"}}]}}')).toMatchObject({ retCode: 1 })
    const late = vi.fn()
    plugin.error(late)
    expect(late).toHaveBeenCalledWith(res)
    expect(handled).toEqual([])
  })

  it('maps an unknown verify failure to verify_failed', async () => {
    bridge = createBridge({ verify: () => Promise.reject(new Error('HTTP 500')) })
    bridge.plugin.config(CONFIG)
    await flush()
    expect(bridge.plugin.getSnapshot().error).toMatchObject({ reason: 'verify_failed', message: 'HTTP 500' })
  })

  it('host refuses calls before verification with not_verified, and all calls after a refusal', async () => {
    let pass = false
    bridge = createBridge({ verify: async () => (pass ? undefined : Promise.reject(new PluginError('nonce_replayed', 'used nonce'))) })
    const { deliverToHost, toPlugin, handled } = bridge
    const call = { channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'call', method: 'notice', args: { text: '' } }
    deliverToHost({ ...call, id: 'a' })
    await flush()
    expect(toPlugin.at(-1)!.message).toMatchObject({ type: 'result', id: 'a', ok: false, error: { code: 'not_verified' } })
    deliverToHost({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'config', config: { ...CONFIG, pageUrl: 'https://plugin.example/p' } })
    await flush()
    expect(toPlugin.at(-1)!.message).toMatchObject({ type: 'error', reason: 'nonce_replayed', message: 'used nonce' })
    deliverToHost({ ...call, id: 'b' })
    await flush()
    expect(toPlugin.at(-1)!.message).toMatchObject({ type: 'result', id: 'b', ok: false, error: { code: 'nonce_replayed' } })
    // The page reloads and configures again: verification restarts.
    pass = true
    deliverToHost({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'config', config: { ...CONFIG, nonce: 'n-2', pageUrl: 'https://plugin.example/p' } })
    await flush()
    expect(bridge.host.status).toBe('ready')
    deliverToHost({ ...call, id: 'c' })
    await flush()
    expect(toPlugin.at(-1)!.message).toMatchObject({ type: 'result', id: 'c', ok: true })
    expect(handled).toEqual([{ method: 'notice', args: { text: '' } }])
  })

  it('host refuses a malformed call with invalid_argument without calling handle', async () => {
    bridge = createBridge()
    bridge.plugin.config(CONFIG)
    await flush()
    bridge.deliverToHost({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'call', id: 'x', method: 'setVisitorChatSign', args: { chatSign: 3 } })
    bridge.deliverToHost({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'call', id: 'y', method: 'eval', args: {} })
    await flush()
    expect(bridge.toPlugin.slice(-2).map((p) => p.message)).toMatchObject([
      { id: 'x', ok: false, error: { code: 'invalid_argument', message: 'args.chatSign must be 0 or 1' } },
      { id: 'y', ok: false, error: { code: 'invalid_argument' } },
    ])
    expect(bridge.handled).toEqual([])
  })

  it('ignores messages from the wrong origin or the wrong source, both ways', async () => {
    const verify = vi.fn(async () => {})
    bridge = createBridge({ verify })
    const { plugin, deliverToHost, deliverToPlugin, pluginWindow } = bridge
    const configMessage = { channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'config', config: { ...CONFIG, pageUrl: 'https://plugin.example/' } }
    deliverToHost(configMessage, 'https://evil.example')
    deliverToHost(configMessage, 'https://plugin.example', bridge.top)
    deliverToHost(configMessage, 'https://plugin.example', null)
    await flush()
    expect(verify).not.toHaveBeenCalled()
    expect(bridge.host.status).toBe('waiting')
    expect(bridge.log.some((entry) => entry.note?.includes('https://evil.example'))).toBe(true)

    plugin.config(CONFIG)
    // Before the real answer arrives, forged answers are ignored.
    const ready = { channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'ready', pluginId: 'crm', selected: OTHER }
    deliverToPlugin(ready, 'https://evil.example')
    deliverToPlugin(ready, DESK, pluginWindow)
    deliverToPlugin({ ...ready, channel: 'other' })
    deliverToPlugin({ ...ready, v: 2 })
    expect(plugin.getSnapshot().status).toBe('verifying')
    await flush()
    expect(plugin.getSnapshot()).toMatchObject({ status: 'ready', selected: null })
    const onReceive = vi.fn()
    plugin.onReceiveMsg(onReceive)
    deliverToPlugin({ channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'event', event: 'selectVisitor', data: OTHER }, 'https://evil.example')
    expect(plugin.getSnapshot().selected).toBeNull()
  })

  it('sends events only while ready, and dispatches them to the Echat and WeChat callbacks', async () => {
    bridge = createBridge()
    const { plugin, host } = bridge
    const onSelect = vi.fn()
    const onReceive = vi.fn()
    const onCrm = vi.fn()
    const onMap = vi.fn()
    const notify = vi.fn()
    plugin.onSelectVisitor(onSelect)
    plugin.onReceiveMsg(onReceive)
    plugin.onCrmUpdate(onCrm)
    plugin.onMapMsgClick(onMap)
    plugin.onClientNotify(notify)
    host.selectVisitor(SELECTED)
    await flush()
    expect(bridge.toPlugin).toEqual([])
    expect(bridge.log.at(-1)).toMatchObject({ name: 'selectVisitor', note: 'dropped: plugin is waiting' })

    plugin.config(CONFIG)
    await flush()
    host.selectVisitor(SELECTED)
    await flush()
    expect(onSelect).toHaveBeenCalledWith(SELECTED)
    expect(notify).toHaveBeenLastCalledWith('{"event":"OnUserChange","channeltype":"1","useraccount":"v-1"}')
    expect(typeof notify.mock.calls[0]![0]).toBe('string')

    const chatMessage = { id: 'm1', seq: 1, sender: 'visitor', createdAt: 1, state: 'sent', visibility: 'both', body: { type: 'text', text: '在吗' } } as const
    host.receiveMessage({ visitorId: 'v-1', msgType: 1, content: '在吗', message: chatMessage })
    host.crmUpdated({ visitorId: 'v-1', phone: '13800000000' })
    host.mapMsgClick({ latitude: 23.1, longitude: 113.3, location: '广州', scale: 15 })
    await flush()
    expect(onReceive).toHaveBeenCalledWith({ visitorId: 'v-1', msgType: 1, content: '在吗', message: chatMessage })
    expect(plugin.getSnapshot().messages).toHaveLength(1)
    expect(onCrm).toHaveBeenCalledWith({ visitorId: 'v-1', phone: '13800000000' })
    expect(onMap).toHaveBeenCalledWith({ latitude: 23.1, longitude: 113.3, location: '广州', scale: 15 })
    expect(JSON.parse(notify.mock.calls.at(-1)![0] as string)).toEqual({
      event: 'OnMapMsgClick',
      latitude: 23.1,
      longitude: 113.3,
      location: '广州',
      scale: 15,
    })
    // The debug log has both directions.
    expect(bridge.log.map((entry) => `${entry.direction} ${entry.name}`)).toEqual(
      expect.arrayContaining(['fromPlugin config', 'toPlugin ready', 'toPlugin receiveMsg', 'toPlugin mapMsgClick']),
    )
  })

  it('an unsubscribed callback is not called', async () => {
    bridge = createBridge()
    const onSelect = vi.fn()
    const off = bridge.plugin.onSelectVisitor(onSelect)
    bridge.plugin.config(CONFIG)
    await flush()
    off()
    bridge.host.selectVisitor(SELECTED)
    await flush()
    expect(onSelect).not.toHaveBeenCalled()
    expect(bridge.plugin.getSnapshot().selected).toEqual(SELECTED)
  })

  it('de-duplicates PutMsg by random in the SDK and on the host', async () => {
    bridge = createBridge()
    const { plugin, handled, deliverToHost } = bridge
    plugin.config(CONFIG)
    await flush()
    const json = '{ "msg": { "head": {"random": "123456"} "body": [{"type":0, "content":{"text":"你好客服001为您服务"}}] } }'
    expect(plugin.putMsg(json)).toEqual({ retCode: 0, errMsg: '' })
    expect(plugin.putMsg(json)).toEqual({ retCode: 0, errMsg: '' })
    await flush()
    expect(handled).toEqual([{ method: 'putMsg', args: { random: '123456', items: [{ type: 'text', text: '你好客服001为您服务' }] } }])
    // The SDK dropped the repeat itself: only one putMsg went over the wire.
    expect(bridge.toHost.filter((post) => (post.message as { method?: string }).method === 'putMsg')).toHaveLength(1)
    // A page bypassing the SDK's de-dupe is still de-duplicated by the host.
    const call = { channel: BRIDGE_CHANNEL, v: BRIDGE_VERSION, type: 'call', method: 'putMsg', args: { random: '123456', items: [{ type: 'text', text: 'again' }] } }
    deliverToHost({ ...call, id: 'd1' })
    await flush()
    expect(bridge.toPlugin.at(-1)!.message).toMatchObject({ id: 'd1', ok: true })
    expect(handled).toHaveLength(1)
    expect(plugin.notice('看这里')).toEqual({ retCode: 0, errMsg: '' })
    await flush()
    expect(handled.at(-1)).toEqual({ method: 'notice', args: { text: '看这里' } })
  })

  it('putMsg and notice before verification return a non-zero retCode and send nothing', () => {
    bridge = createBridge()
    const json = '{"msg":{"head":{"random":"9"},"body":[{"type":0,"content":{"text":"x"}}]}}'
    expect(bridge.plugin.putMsg(json)).toMatchObject({ retCode: 1, errMsg: '插件未通过验证' })
    bridge.plugin.config(CONFIG)
    expect(bridge.plugin.notice()).toMatchObject({ retCode: 1 })
    expect(bridge.toHost.map((p) => (p.message as { type: string }).type)).toEqual(['config'])
  })

  it('fails with not_configured when the workbench origin cannot be found', () => {
    bridge = createBridge({}, { hostOrigin: 'javascript:alert(1)' })
    const onError = vi.fn()
    bridge.plugin.error(onError)
    bridge.plugin.config(CONFIG)
    expect(onError.mock.calls[0]![0]).toMatchObject({ reason: 'not_configured' })
    expect(bridge.toHost).toEqual([])
  })

  it('fails with verify_failed when the workbench never answers', async () => {
    vi.useFakeTimers()
    try {
      bridge = createBridge({}, { verifyTimeoutMs: 1000 })
      // A host that ignores the plugin: wrong registered origin.
      bridge.host.destroy()
      bridge.plugin.config(CONFIG)
      const sent = bridge.plugin.sendTxtMsgToVisitor('x').catch((e: unknown) => e)
      await vi.advanceTimersByTimeAsync(1001)
      expect(bridge.plugin.getSnapshot().error).toMatchObject({ reason: 'verify_failed' })
      expect(await sent).toMatchObject({ reason: 'verify_failed' })
    } finally {
      vi.useRealTimers()
    }
  })

  it('destroy stops listening and rejects pending calls', async () => {
    bridge = createBridge()
    const pending = bridge.plugin.sendTxtMsgToVisitor('x').catch((e: unknown) => e)
    bridge.plugin.destroy()
    expect(await pending).toMatchObject({ code: 'destroyed' })
    await expect(bridge.plugin.sendTxtMsgToVisitor('y')).rejects.toMatchObject({ code: 'destroyed' })
    expect(bridge.plugin.putMsg('{"msg":{"head":{"random":"1"},"body":[{"type":0,"content":{"text":"x"}}]}}').retCode).toBe(2)
  })
})
