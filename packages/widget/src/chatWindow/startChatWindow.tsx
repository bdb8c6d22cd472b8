import { createChat, type ChatClient, type Transport, type VisibilitySource } from '@kefu/core'
import { websocketTransport } from '@kefu/core/websocket'
import { render } from 'preact'
import { linkVisitorStorage } from '../bridge/linkVisitorStorage'
import { acceptPagePort } from '../bridge/pagePort'
import { openerOriginOf, readSiteOrigins } from '../bridge/pageTrust'
import { readChatWindowParams } from '../params/readChatParams'
import { ChatWindow } from './ChatWindow'
import { applyChatArea } from './chatArea'
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
 * and page origin from its fragment, connects as that visitor, and — in a store page's frame — talks to
 * that page over the port its handshake brings (`acceptPagePort`), never through the page's window.
 */
export function startChatWindow(options: ChatWindowPageOptions = {}): ChatClient {
  const params = readChatWindowParams(location.search)
  // Sobot's hello words and offline title of the embed or link win over the company's for this chat.
  const { robotHelloWord, agentHelloWord, agentOfflineTitle } = params.ui
  const routing = { ...params.routing, robotHelloWord, agentHelloWord, agentOfflineTitle }
  for (const problem of params.problems) console.error(`[kefu] ${problem.message}`)
  const { visitorToken, pageOrigin } = takeChatWindowFragment()
  const companyId = params.companyId
  if (!companyId) throw new Error('[kefu] the chat window needs companyId (Echat) or sysnum (Sobot)')

  // Pages that may speak for the visitor (cards, identity, visibility): the company's, or the real parent.
  const siteOrigins = readSiteOrigins(document)

  // Seen = this page visible and, when a page embeds it, that page says the window is open.
  let shownByPage = true
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
    storage: linkVisitorStorage({
      companyId,
      persistent: localStorageOrMemory(),
      tab: localStorageOrMemory(true),
      fragmentToken: visitorToken,
      identity: params.identity,
      hasCards: params.cards.length > 0,
      openerOrigin: openerOriginOf(window),
      ownOrigin: location.origin,
      siteOrigins,
    }),
    visibility,
    ...(visitorToken ? { visitorToken } : {}),
    // The server words its own notices to this visitor in the window's language.
    entry: { ...params.entry, locale: params.locale },
  })

  const page = acceptPagePort(window, pageOrigin, siteOrigins, (message) => {
    if (message.type === 'visibility') {
      shownByPage = message.visible
      for (const listener of [...listeners]) listener()
    } else {
      client.sendCard(message.card).catch((error: unknown) => console.error('[kefu] the card was not sent:', error))
    }
  })
  shownByPage = !page.embedded

  // Sobot 安全密钥: a visitor the server refuses a chat (a wrong sign, or none where the company requires
  // one) is told so as the window opens, before any chat starts, in place of the composer.
  let refused = false
  client.on('error', (error) => {
    if (error.code !== 'forbidden' || refused) return
    refused = true
    if (shown) show()
  })

  if (Object.keys(params.identity).length) identifyDroppingRefused(client, { ...params.identity })
  client.connect()
  // The request opening makes carries the page's or the link's routing (Sobot type, robotid, agentid, …).
  client.open(routing)
  // Cards in the link (visEvt, card_*, order fields) are what the visitor came to ask about: sent once.
  const sentKey = `kefu:${companyId}:sentCards`
  const sent = localStorageOrMemory(true)
  const cardsKey = JSON.stringify(params.cards)
  if (params.cards.length && sent.getItem(sentKey) !== cardsKey) {
    sent.setItem(sentKey, cardsKey)
    // Echat: "首次打开对话窗口时携带的图文消息为系统消息" — customizeMsgType 2 unless the page said otherwise.
    for (const card of params.cards) {
      const sent = card.type !== 'order' && card.customizeMsgType === undefined ? { ...card, customizeMsgType: 2 as const } : card
      client.sendCard(sent).catch((error: unknown) => console.error('[kefu] the card was not sent:', error))
    }
  }

  // ChatWindow posts `ready` itself once mounted.
  let shown = false
  const show = () => {
    shown = true
    document.documentElement.lang = params.locale
 render(<ChatWindow client={client} params={{ ...params, routing }} bridge={page} embedded={window.parent !== window} refused={refused} />, options.root ?? document.body)
  }
  applyChatArea(document, params.chatWindow)
  // Only the visitor's language is downloaded; the window renders once its strings are in.
  whenLocaleLoaded(params.locale, options.assetBase, show)
  return client
}


/**
 * Sends the link's identity; the server's validator names each field it refuses: those are reported and
 * dropped, and the rest is sent again (as the page's runtime does before sending).
 */
function identifyDroppingRefused(client: ChatClient, fields: Record<string, unknown>): void {
  client.identify(fields).catch((error: { issues?: { path: string }[] }) => {
    console.error('[kefu] identify:', error)
    const bad = (error.issues ?? []).filter((issue) => fields[issue.path] !== undefined)
    for (const issue of bad) delete fields[issue.path]
    if (bad.length && Object.keys(fields).length) identifyDroppingRefused(client, fields)
  })
}
