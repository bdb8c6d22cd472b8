// The `chat.js` bundle: the chat window page runs it. Its locale scripts sit next to it.
import { startChatWindow } from './startChatWindow'

const self = document.currentScript as HTMLScriptElement | null
startChatWindow(self?.src ? { assetBase: new URL('.', self.src).href } : {})
