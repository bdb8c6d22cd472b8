import { useEffect } from 'react'

/**
 * Alt+↑ / Alt+↓ open the previous / next conversation of the list shown, wherever focus is (the
 * composer included), as Slack and Chatwoot do; focus stays where the agent was typing.
 */
export function useChatKeys(onOpen: () => void): void {
  useEffect(() => {
    const onKeyDown = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return
      const options = [...document.querySelectorAll<HTMLElement>('.lists [role="option"]')]
      if (options.length === 0) return
      event.preventDefault()
      const index = options.findIndex((option) => option.getAttribute('aria-selected') === 'true')
      const next = index === -1 ? (event.key === 'ArrowDown' ? 0 : options.length - 1) : index + (event.key === 'ArrowDown' ? 1 : -1)
      const target = options[Math.max(0, Math.min(options.length - 1, next))]
      if (!target || target === options[index]) return
      const active = document.activeElement as HTMLElement | null
      target.click()
      target.scrollIntoView?.({ block: 'nearest' })
      active?.focus()
      onOpen()
    }
    addEventListener('keydown', onKeyDown)
    return () => removeEventListener('keydown', onKeyDown)
  }, [onOpen])
}
