import { createChat, memoryStorage, type ChatClient, type ServerFrame } from '@kefu/core'
import { render } from 'preact'
import { readChatWindowParams } from '../params/readChatParams'
import { ChatWindow } from './ChatWindow'
import { whenLocaleLoaded } from './visitorPageSetup'

/** What the admin console posts to the preview: the welcome a visitor would get with the settings being edited. */
export interface PreviewMessage {
  readonly type: 'kefu.preview'
  readonly welcome: Extract<ServerFrame, { type: 'welcome' }>
}

/**
 * The chat window in the admin console's preview (`/chat?companyId=…&locale=…#preview`): the same window,
 * fed by its embedding console page (same origin only) instead of the server. It never connects: no
 * visitor, no conversation, nothing stored. Each welcome the console posts renders afresh.
 */
export function startPreviewWindow(assetBase?: string): void {
  const params = readChatWindowParams(location.search)
  let client: ChatClient | undefined
  // The window focuses its text box as it opens; here that would take the keys from the admin typing
  // in the console. It focuses only once the admin is in it.
  const focus = HTMLElement.prototype.focus
  HTMLElement.prototype.focus = function (this: HTMLElement, options?: FocusOptions) {
    if (document.hasFocus()) focus.call(this, options)
  }
  whenLocaleLoaded(params.locale, assetBase, () => {
    document.documentElement.lang = params.locale
    addEventListener('message', ({ source, origin, data }: MessageEvent<PreviewMessage | undefined>) => {
      if (source !== parent || origin !== location.origin || data?.type !== 'kefu.preview') return
      client?.destroy()
      const welcome = data.welcome
      client = createChat({ companyId: 'preview', storage: memoryStorage(), transport: { connect: (on) => (on.open(), on.frame(welcome)), send() {}, disconnect() {} } })
      client.connect()
      render(<ChatWindow client={client} params={params} embedded />, document.body)
    })
    parent.postMessage({ type: 'kefu.preview.ready' }, location.origin)
  })
}
