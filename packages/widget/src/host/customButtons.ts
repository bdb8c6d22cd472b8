/** The Sobot class of the page's own chat buttons. */
export const CUSTOM_BUTTON_CLASS = 'zhiCustomBtn'

/**
 * Clicks on any `.zhiCustomBtn` element open the chat. The listener is delegated on the document,
 * so buttons added later work too (`zc('dynamic_ready')` has nothing left to do). Script elements
 * (Sobot's snippet gives its own `<script>` the class) are not buttons.
 */
export function bindCustomButtons(d: Document, onClick: (button: Element) => void): () => void {
  const listener = (event: Event) => {
    const target = event.target as Element | null
    const button = target && typeof target.closest === 'function' ? target.closest(`.${CUSTOM_BUTTON_CLASS}`) : null
    if (!button || button.tagName === 'SCRIPT') return
    event.preventDefault()
    onClick(button)
  }
  d.addEventListener('click', listener)
  return () => d.removeEventListener('click', listener)
}
