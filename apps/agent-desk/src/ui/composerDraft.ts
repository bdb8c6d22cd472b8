import type { ComposerItem } from '@kefu/agent/host'

/** Something waiting in the composer to go out with the Send button (a plugin's PutMsg image or news). */
export type ComposerAttachment = Exclude<ComposerItem, { type: 'text' }> & { readonly key: string }

export interface ComposerDraftState {
  readonly text: string
  readonly attachments: readonly ComposerAttachment[]
}

export interface ComposerDraft {
  getSnapshot(): ComposerDraftState
  subscribe(listener: () => void): () => void
  setText(text: string): void
  /** WeChat PutMsg: text is appended; images and news wait as attachments. */
  put(items: readonly ComposerItem[]): void
  remove(key: string): void
  clear(): void
}

const EMPTY: ComposerDraftState = { text: '', attachments: [] }

/** The composer's content, outside React so a plugin call can fill it. */
export function createComposerDraft(): ComposerDraft {
  let state = EMPTY
  let counter = 0
  const listeners = new Set<() => void>()
  const set = (next: ComposerDraftState) => {
    if (next === state) return
    state = next
    for (const listener of [...listeners]) listener()
  }
  return {
    getSnapshot: () => state,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    setText: (text) => set(text === state.text ? state : { ...state, text }),
    put(items) {
      let { text } = state
      const attachments = [...state.attachments]
      for (const item of items) {
        if (item.type === 'text') text = text ? `${text}${text.endsWith('\n') ? '' : '\n'}${item.text}` : item.text
        else attachments.push({ ...item, key: `a${++counter}` })
      }
      set({ text, attachments })
    },
    remove: (key) => set({ ...state, attachments: state.attachments.filter((a) => a.key !== key) }),
    clear: () => set(EMPTY),
  }
}
