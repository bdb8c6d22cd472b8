// The script tag build (dist/browser/jssdk.js) for pages written against the seeds: sets
// `window.echatSDK` (Echat) and `window.external.PutMsg` / `Notice` (WeChat), and calls the page's
// `MCS_ClientNotify(str)` for WeChat events. `data-timestamp`, `data-nonce`, `data-signature` and
// `data-debug` on the script tag call `config` at once, so a WeChat-style page needs only the tag.
// `data-host-origin` names the workbench's origin (the page's server knows it), so a page framed by
// any other site refuses to talk to it.
import type { AgentPlugin } from '../agentPlugin'
import { createAgentPlugin } from '../createAgentPlugin'

interface PluginGlobals {
  echatSDK?: AgentPlugin
  external?: unknown
  MCS_ClientNotify?: unknown
}

const g = window as unknown as PluginGlobals
const script = document.currentScript as HTMLScriptElement | null
const data = script?.dataset ?? {}
const debug = data.debug !== undefined && data.debug !== 'false' && data.debug !== '0'
const plugin = createAgentPlugin({ window, debug, ...(data.hostOrigin ? { hostOrigin: data.hostOrigin } : {}) })

// Every method bound, so `var send = echatSDK.sendTxtMsgToVisitor; send('hi')` works as in the seed.
g.echatSDK = Object.freeze({ ...plugin })

const wechat = {
  PutMsg: (json: string) => plugin.putMsg(json),
  Notice: (text?: string) => plugin.notice(text),
}
try {
  // Chromium's legacy `window.external` object takes new properties; elsewhere replace it.
  Object.assign(g.external as object, wechat)
  if ((g.external as { PutMsg?: unknown }).PutMsg !== wechat.PutMsg) throw new Error('not assignable')
} catch {
  Object.defineProperty(window, 'external', { value: wechat, configurable: true, writable: true })
}

plugin.onClientNotify((eventData) => {
  // Looked up per event: the page may define its handler after this script runs.
  const notify = g.MCS_ClientNotify
  if (typeof notify === 'function') notify(eventData)
})

if (data.timestamp && data.nonce && data.signature) {
  plugin.config({ timestamp: Number(data.timestamp), nonce: data.nonce, signature: data.signature, debug })
}
