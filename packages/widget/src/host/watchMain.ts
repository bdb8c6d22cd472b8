import { websocketTransport } from '@kefu/core/websocket'
import type { Loaded } from './pageHost'
import { watchVisitor } from './visitorWatch'

// The watch's bundle (`assets/watch-<hash>.js`): the unread badge's connection, for a visitor kefu knows.
const startWatch: Loaded['startWatch'] = (page, handlers) =>
  watchVisitor((page.options.createTransport ?? ((url) => websocketTransport({ url })))(`${page.base.replace(/^http/, 'ws')}/ws/visitor`), {
    companyId: page.companyId,
    storage: page.storage,
    entry: page.entry,
    ...handlers,
  })
;(window as unknown as { _kefu: { startWatch?: Loaded['startWatch'] } })._kefu.startWatch = startWatch
