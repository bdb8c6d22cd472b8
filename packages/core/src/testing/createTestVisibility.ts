import type { VisibilitySource } from '../environment'

/** A page visibility your test can flip, to check that messages are marked read only while visible. */
export interface TestVisibility extends VisibilitySource {
  set(visible: boolean): void
}

export function createTestVisibility(initiallyVisible = true): TestVisibility {
  let visible = initiallyVisible
  const listeners = new Set<() => void>()
  return {
    isVisible: () => visible,
    subscribe(listener) {
      listeners.add(listener)
      return () => void listeners.delete(listener)
    },
    set(next) {
      visible = next
      for (const listener of [...listeners]) listener()
    },
  }
}
