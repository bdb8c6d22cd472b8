export interface TitleFlasher {
  /** Re-checks whether to flash: unread messages while the page is hidden. */
  update(unread: number): void
  /** `ECHAT.setPageTitle`: the page's own title, restored when flashing stops. */
  setPageTitle(title: string): void
  destroy(): void
}

/**
 * While there are unread messages and the page is hidden, alternates `document.title` with `text()`
 * every second; restores the page's title (the latest `setPageTitle` value, else the title when
 * flashing started) once read or visible.
 */
export function createTitleFlasher(d: Document, text: () => string): TitleFlasher {
  let timer: ReturnType<typeof setInterval> | undefined
  let explicitTitle: string | undefined
  let savedTitle = ''
  let showingNotice = false
  let unread = 0

  const stop = () => {
    if (timer === undefined) return
    clearInterval(timer)
    timer = undefined
    showingNotice = false
    d.title = explicitTitle ?? savedTitle
  }
  const start = () => {
    if (timer !== undefined) return
    savedTitle = d.title
    timer = setInterval(() => {
      showingNotice = !showingNotice
      d.title = showingNotice ? text() : (explicitTitle ?? savedTitle)
    }, 1000)
  }
  const check = () => (unread > 0 && d.visibilityState === 'hidden' ? start() : stop())
  d.addEventListener('visibilitychange', check)

  return {
    update(count) {
      unread = count
      check()
    },
    setPageTitle(title) {
      explicitTitle = String(title)
      if (timer === undefined || !showingNotice) d.title = explicitTitle
    },
    destroy() {
      stop()
      d.removeEventListener('visibilitychange', check)
    },
  }
}
