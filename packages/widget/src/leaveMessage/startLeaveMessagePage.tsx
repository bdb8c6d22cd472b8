import { createChat, type ChatClient, type KeyValueStorage, type Transport } from '@kefu/core'
import { websocketTransport } from '@kefu/core/websocket'
import { render } from 'preact'
import { localStorageOrMemory, takeChatWindowFragment, whenLocaleLoaded } from '../chatWindow/visitorPageSetup'
import { readLeavePageParams } from './leavePageParams'
import { LeaveMessagePage } from './LeaveMessagePage'

export interface LeaveMessagePageOptions {
  /** Where to render; default `document.body`. */
  readonly root?: Element
  /** Default: the WebSocket endpoint of the server that served this page. */
  readonly transport?: Transport
  /** Where `chat-<locale>.js` lives (the folder of leavemessage.js); without it the strings must already be there. */
  readonly assetBase?: string
  /** Default: `localStorage`, where the chat window keeps the visitor token too. */
  readonly storage?: KeyValueStorage
}

/**
 * The standalone leave-message page (`/leavemessage.html`, `/chat/h5/v2/leavemessage.html`): reads
 * Sobot's link, connects as the visitor the chat window knows (the stored token, or `#vt=` in the
 * fragment like the chat window), sends the link's identity, and renders the form. Returns the
 * client, or `undefined` when the link has no company (the page then says so).
 */
export function startLeaveMessagePage(options: LeaveMessagePageOptions = {}): ChatClient | undefined {
  const params = readLeavePageParams(location.search)
  for (const problem of params.problems) console.error(`[kefu] leave-message link: ${problem.message}`)
  const { visitorToken } = takeChatWindowFragment()

  let client: ChatClient | undefined
  if (params.companyId) {
    client = createChat({
      companyId: params.companyId,
      transport: options.transport ?? websocketTransport({ url: `${location.origin.replace(/^http/, 'ws')}/ws/visitor` }),
      storage: options.storage ?? localStorageOrMemory(),
      ...(visitorToken ? { visitorToken } : {}),
    })
    if (Object.keys(params.identity).length) client.identify(params.identity).catch((error: unknown) => console.error('[kefu] identify:', error))
    client.connect()
  } else {
    console.error('[kefu] the leave-message page needs sysnum (or companyId) in its link')
  }

  const show = () => ((document.documentElement.lang = params.locale), render(<LeaveMessagePage client={client} params={params} />, options.root ?? document.body))
  whenLocaleLoaded(params.locale, options.assetBase, show)
  return client
}
