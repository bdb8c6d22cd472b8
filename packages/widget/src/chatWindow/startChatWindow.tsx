import { createChat, memoryStorage, type ChatClient, type KeyValueStorage, type Transport, type VisibilitySource } from '@kefu/core'
import { websocketTransport } from '@kefu/core/websocket'
import { render } from 'preact'
import { readBridgeMessage, type BridgeMessage } from '../bridge/bridgeMessage'
import { readChatParams } from '../params/readChatParams'
import { ChatWindow } from './ChatWindow'
import { localStorageOrMemory, takeChatWindowFragment, whenLocaleLoaded } from './visitorPageSetup'

export interface ChatWindowPageOptions {
  /** Where to render; default `document.body`. */
  readonly root?: Element
  /** Default: the WebSocket endpoint of the server that served this page. */
  readonly transport?: Transport
  /** Where `chat-<locale>.js` lives (the folder of chat.js); without it the strings must already be there. */
  readonly assetBase?: string
}

/**
 * The chat window page (`/chat`): reads the Echat/Sobot parameters from its URL and the visitor token
 * and page origin from its fragment, connects as that visitor, and talks to the page that embedded or
 * opened it — only that origin, never `'*'`.
 */
export function startChatWindow(options: ChatWindowPageOptions = {}): ChatClient {
  const params = readChatParams(location.search)
  for (const problem of params.problems) console.error(`[kefu] ${problem.message}`)
  const { visitorToken, pageOrigin } = takeChatWindowFragment()
  const companyId = params.companyId
  if (!companyId) throw new Error('[kefu] the chat window needs companyId (Echat) or sysnum (Sobot)')

  const peer: Window | null = window.parent !== window ? window.parent : window.opener
  const post = (message: Omit<BridgeMessage, 'kefu'>) => {
    if (peer && pageOrigin) peer.postMessage({ kefu: 1, ...message }, pageOrigin)
  }

  // Seen = this page visible and, when embedded, the page says the window is open.
  let shownByPage = !peer || !pageOrigin
  const listeners = new Set<() => void>()
  const visibility: VisibilitySource = {
    isVisible: () => document.visibilityState !== 'hidden' && shownByPage,
    subscribe(listener) {
      listeners.add(listener)
      document.addEventListener('visibilitychange', listener)
      return () => {
        listeners.delete(listener)
        document.removeEventListener('visibilitychange', listener)
      }
    },
  }

  const client = createChat({
    companyId,
    transport: options.transport ?? websocketTransport({ url: `${location.origin.replace(/^http/, 'ws')}/ws/visitor` }),
    storage: localStorageOrMemory(),
    visibility,
    ...(visitorToken ? { visitorToken } : {}),
    entry: params.entry,
  })

  window.addEventListener('message', (event) => {
    if (!pageOrigin || event.origin !== pageOrigin || event.source !== peer) return
    const message = readBridgeMessage(event.data, 'page')
    if (message?.type === 'visibility') {
      shownByPage = message.visible
      for (const listener of [...listeners]) listener()
    } else if (message?.type === 'sendCard') {
      client.sendCard(message.card).catch((error: unknown) => console.error('[kefu] the card was not sent:', error))
    }
  })

  if (Object.keys(params.identity).length) client.identify(params.identity).catch((error: unknown) => console.error('[kefu] identify:', error))
  client.connect()
  client.open()
  // Cards in the link (visEvt, card_*, order fields) are what the visitor came to ask about: sent once.
  const sentKey = `kefu:${companyId}:sentCards`
  const sent = sessionStorageFor()
  const cardsKey = JSON.stringify(params.cards)
  if (params.cards.length && sent.getItem(sentKey) !== cardsKey) {
    sent.setItem(sentKey, cardsKey)
    for (const card of params.cards) client.sendCard(card).catch((error: unknown) => console.error('[kefu] the card was not sent:', error))
  }

  // ChatWindow posts `ready` itself once mounted.
  const show = () => render(<ChatWindow client={client} params={params} bridge={{ post }} embedded={window.parent !== window} />, options.root ?? document.body)
  // Only the visitor's language is downloaded; the window renders once its strings are in.
  whenLocaleLoaded(params.locale, options.assetBase, show)
  return client
}


function sessionStorageFor(): KeyValueStorage {
  try {
    return sessionStorage
  } catch {
    return memoryStorage()
  }
}
