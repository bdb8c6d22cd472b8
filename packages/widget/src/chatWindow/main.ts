// The `chat.js` bundle: the chat window page runs it. Its locale scripts sit next to it.
import { startChatWindow } from './startChatWindow'
import { startPreviewWindow } from './previewWindow'

const self = document.currentScript as HTMLScriptElement | null
const assetBase = self?.src ? new URL('.', self.src).href : undefined
// The admin console's preview of the window: fed by the console, never by the server.
if (location.hash === '#preview') startPreviewWindow(assetBase)
else startChatWindow(assetBase ? { assetBase } : {})
