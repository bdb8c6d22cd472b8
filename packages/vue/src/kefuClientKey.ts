import type { InjectionKey } from 'vue'
import type { ChatClient } from '@kefu/core'

/** Where `createKefu()` provides the chat client; inject it yourself or use `useChat()`. */
export const kefuClientKey: InjectionKey<ChatClient> = Symbol('kefu client')
