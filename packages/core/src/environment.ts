/** Whether the page is visible; injectable so the core never reads `document` itself at import time. */
export interface VisibilitySource {
  isVisible(): boolean
  subscribe(listener: () => void): () => void
}

/** Where the visitor token is kept between visits (`localStorage` in a browser). */
export interface KeyValueStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** Read on first use: the document's visibility, or always visible where there is no document. */
export function defaultVisibility(): VisibilitySource {
  const doc = (globalThis as { document?: Document }).document
  if (!doc || typeof doc.addEventListener !== 'function') {
    return { isVisible: () => true, subscribe: () => () => {} }
  }
  return {
    isVisible: () => doc.visibilityState !== 'hidden',
    subscribe(listener) {
      doc.addEventListener('visibilitychange', listener)
      return () => doc.removeEventListener('visibilitychange', listener)
    },
  }
}

/** Read on first use: `localStorage` when it works (it throws in some private modes), else memory. */
export function defaultStorage(): KeyValueStorage {
  try {
    const storage = (globalThis as { localStorage?: Storage }).localStorage
    if (storage) {
      const probe = '__kefu_probe__'
      storage.setItem(probe, probe)
      storage.removeItem(probe)
      return storage
    }
  } catch {
    // fall through to memory
  }
  return memoryStorage()
}

export function memoryStorage(): KeyValueStorage {
  const values = new Map<string, string>()
  return {
    getItem: (key) => values.get(key) ?? null,
    setItem: (key, value) => void values.set(key, value),
  }
}

export function randomId(): string {
  const crypto = (globalThis as { crypto?: { randomUUID?: () => string } }).crypto
  if (crypto?.randomUUID) return crypto.randomUUID()
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`
}
