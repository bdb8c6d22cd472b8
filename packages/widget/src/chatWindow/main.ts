// The `chat.js` bundle: the chat window page runs it.
import { startChatWindow } from './startChatWindow'

startChatWindow()
