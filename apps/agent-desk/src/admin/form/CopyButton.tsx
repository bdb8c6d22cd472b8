import { useState } from 'react'
import { useAdminText } from '../i18n'

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, testId, label }: { text: string; testId?: string; label?: string }) {
  const { t } = useAdminText()
  const [copied, setCopied] = useState(false)
  async function copy() {
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      // Without clipboard permission (an http page, an old browser): select-and-copy the old way.
      const area = document.createElement('textarea')
      area.value = text
      document.body.append(area)
      area.select()
      document.execCommand('copy')
      area.remove()
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 2000)
  }
  return (
    <button type="button" onClick={() => void copy()} data-testid={testId}>
      {copied ? t.common.copied : (label ?? t.common.copy)}
    </button>
  )
}
