import { describe, expect, it, vi } from 'vitest'
import { createAgentPlugin, PluginArgumentError, type AgentPlugin } from '../src'

const frame = () => ({ location: { search: '', href: 'https://plugin.example/' }, parent: { postMessage() {} }, addEventListener() {}, removeEventListener() {} }) as unknown as Window

/** Calls `fn` and returns the PluginArgumentError it throws synchronously (failing if it does not). */
function argumentError(fn: () => unknown): PluginArgumentError {
  try {
    const result = fn()
    // A returned promise would mean the check was not synchronous.
    if (result instanceof Promise) result.catch(() => {})
  } catch (error) {
    expect(error).toBeInstanceOf(PluginArgumentError)
    expect(error).toBeInstanceOf(TypeError)
    return error as PluginArgumentError
  }
  throw new Error('expected a synchronous PluginArgumentError')
}

const anyPlugin = (plugin: AgentPlugin) => plugin as unknown as Record<string, (...args: unknown[]) => unknown>

describe('argument checks', () => {
  const plugin = createAgentPlugin({ window: frame(), hostOrigin: 'https://desk.example' })
  const p = anyPlugin(plugin)

  it('config needs a positive integer timestamp and non-empty nonce and signature', () => {
    expect(argumentError(() => p.config!(undefined)).method).toBe('config')
    expect(argumentError(() => p.config!({ nonce: 'n', signature: 's' })).argument).toBe('timestamp')
    expect(argumentError(() => p.config!({ timestamp: 1.5, nonce: 'n', signature: 's' })).argument).toBe('timestamp')
    expect(argumentError(() => p.config!({ timestamp: 1, nonce: '', signature: 's' })).argument).toBe('nonce')
    expect(argumentError(() => p.config!({ timestamp: 1, nonce: 'n', signature: 5 })).argument).toBe('signature')
    expect(plugin.getSnapshot().status).toBe('unconfigured')
  })

  it('callbacks must be functions', () => {
    for (const method of ['ready', 'error', 'onSelectVisitor', 'onReceiveMsg', 'onCrmUpdate', 'onMapMsgClick', 'onClientNotify', 'subscribe']) {
      const error = argumentError(() => p[method]!('not a function'))
      expect(error.message).toMatch(/must be a function/)
    }
  })

  it('getParamData needs a string name', () => {
    expect(argumentError(() => p.getParamData!()).argument).toBe('paramName')
    expect(argumentError(() => p.getParamData!('visitorData', 3)).argument).toBe('subParamName')
  })

  it('sendTxtMsgToVisitor needs non-empty string content', () => {
    const missing = argumentError(() => p.sendTxtMsgToVisitor!())
    expect(missing.message).toBe('sendTxtMsgToVisitor: content must be a string, got undefined')
    expect(argumentError(() => p.sendTxtMsgToVisitor!(42)).argument).toBe('content')
    expect(argumentError(() => p.sendTxtMsgToVisitor!('   ')).message).toMatch(/must not be empty/)
  })

  it('sendImageToVisitor needs an http(s) sourceImg; smallImg is optional', () => {
    expect(argumentError(() => p.sendImageToVisitor!('https://x.example/a.png')).argument).toBe('imageInfo')
    expect(argumentError(() => p.sendImageToVisitor!({ smallImg: 'https://x.example/s.png' })).argument).toBe('imageInfo.sourceImg')
    expect(argumentError(() => p.sendImageToVisitor!({ sourceImg: 'javascript:alert(1)' })).message).toMatch(/http\(s\) URL/)
    expect(argumentError(() => p.sendImageToVisitor!({ sourceImg: 'https://x.example/a.png', smallImg: 'data:image/png,' })).argument).toBe(
      'imageInfo.smallImg',
    )
  })

  it('sendVideoToVisitor needs an http(s) fileUrl', () => {
    expect(argumentError(() => p.sendVideoToVisitor!({ videoThumbUrl: 'https://x.example/t.png' })).argument).toBe('videoInfo.fileUrl')
    expect(argumentError(() => p.sendVideoToVisitor!({ fileUrl: 'ftp://x.example/v.mp4' })).argument).toBe('videoInfo.fileUrl')
  })

  it('sendVoiceToVisitor needs a fileUrl and a non-negative duration', () => {
    expect(argumentError(() => p.sendVoiceToVisitor!(null)).argument).toBe('voiceInfo')
    expect(argumentError(() => p.sendVoiceToVisitor!({ fileUrl: 'https://x.example/a.mp3', voiceDuration: -1 })).argument).toBe(
      'voiceInfo.voiceDuration',
    )
    expect(argumentError(() => p.sendVoiceToVisitor!({ fileUrl: 'https://x.example/a.mp3', voiceDuration: '3' })).argument).toBe(
      'voiceInfo.voiceDuration',
    )
  })

  it('sendFileToVisitor needs fileUrl, fileName and a non-negative integer fileSize', () => {
    const ok = { fileUrl: 'https://x.example/a.pdf', fileName: 'a.pdf', fileSize: 1024 }
    expect(argumentError(() => p.sendFileToVisitor!({ ...ok, fileUrl: '/a.pdf' })).argument).toBe('fileInfo.fileUrl')
    expect(argumentError(() => p.sendFileToVisitor!({ ...ok, fileName: '' })).argument).toBe('fileInfo.fileName')
    for (const fileSize of [-1, 1.5, '1024', Number.NaN, undefined]) {
      expect(argumentError(() => p.sendFileToVisitor!({ ...ok, fileSize })).argument).toBe('fileInfo.fileSize')
    }
  })

  it('setVisitorChatSign ignores business states other than 0 and 1, as the seed says: no throw, nothing sent, a warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    const fresh = createAgentPlugin({ window: frame(), hostOrigin: 'https://desk.example' })
    for (const sign of [{ chatSign: 7 }, { chatSign: 2 }, { chatSign: '1' }, {}, 1, null]) {
      // Resolved at once: not queued for the workbench (a queued call would fail on destroy below).
      await expect(fresh.setVisitorChatSign(sign as never)).resolves.toBeUndefined()
    }
    expect(warn).toHaveBeenCalledTimes(6)
    expect(warn.mock.calls[0]![0]).toMatch(/chatSign 7 ignored/)
    const queued = fresh.setVisitorChatSign({ chatSign: 1 })
    fresh.destroy()
    await expect(queued).rejects.toMatchObject({ code: 'destroyed' })
    warn.mockRestore()
  })

  it('pushVisitorEvent needs a visEvt with a title', () => {
    expect(argumentError(() => p.pushVisitorEvent!(undefined)).argument).toBe('visEvt')
    expect(argumentError(() => p.pushVisitorEvent!({ content: 'x' })).argument).toBe('visEvt.title')
    expect(argumentError(() => p.pushVisitorEvent!({ title: 't', imageUrl: 'javascript:x' })).argument).toBe('visEvt.imageUrl')
  })

  it('valid arguments pass the checks and are queued (no throw)', async () => {
    const fresh = createAgentPlugin({ window: frame(), hostOrigin: 'https://desk.example' })
    const calls = [
      fresh.sendTxtMsgToVisitor('hi'),
      fresh.sendImageToVisitor({ sourceImg: 'https://x.example/a.png' }),
      fresh.sendVideoToVisitor({ fileUrl: 'https://x.example/a.mp4' }),
      fresh.sendVoiceToVisitor({ fileUrl: 'https://x.example/a.mp3', voiceDuration: 3 }),
      fresh.sendFileToVisitor({ fileUrl: 'https://x.example/a.pdf', fileName: 'a.pdf', fileSize: 0 }),
      fresh.setVisitorChatSign({ chatSign: 0 }),
      fresh.pushVisitorEvent({ title: 't' }),
    ]
    fresh.destroy()
    for (const call of calls) await expect(call).rejects.toMatchObject({ code: 'destroyed' })
  })

  it('putMsg and notice report bad arguments as retCode 5, as the seed does', () => {
    expect(plugin.putMsg('not json')).toMatchObject({ retCode: 5, errMsg: '参数错误' })
    expect(p.notice!(42)).toMatchObject({ retCode: 5, errMsg: '参数错误' })
  })
})
