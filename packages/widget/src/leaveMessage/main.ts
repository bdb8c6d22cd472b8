// The `leavemessage.js` bundle: the standalone leave-message page runs it. It loads the chat window's
// locale script (chat-<locale>.js) from its own folder.
import { startLeaveMessagePage } from './startLeaveMessagePage'

const self = document.currentScript as HTMLScriptElement | null
startLeaveMessagePage(self?.src ? { assetBase: new URL('.', self.src).href } : {})
