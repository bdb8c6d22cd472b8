import { useState } from 'react'
import type { Company } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import { CopyButton } from '../form/CopyButton'
import { formErrorsOf } from '../form/formErrors'
import { useAdminText } from '../i18n'

/**
 * The sign and metaData keys: which one is in use (its last four characters, when issued), and a way to
 * issue a new one, shown once.
 */
export function KeysPanel({ company, onRotated }: { company: Company; onRotated(): void }) {
  const { t, locale } = useAdminText()
  const api = useAdminApi()
  const [issued, setIssued] = useState<{ key: 'sign' | 'meta'; value: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const when = (ms: number) => new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' }).format(ms)
  async function rotate(key: 'sign' | 'meta') {
    if (!window.confirm(t.company.keys.confirmRotate)) return
    setError(null)
    try {
      const result = await api.rotateKey(key)
      setIssued({ key, value: (key === 'sign' ? result.signKey : result.metaKey) ?? '' })
      onRotated()
    } catch (e) {
      setError(formErrorsOf(e, t).form)
    }
  }
  return (
    <div className="keys" data-testid="keys">
      <p className="hint">{t.company.keys.hidden}</p>
      {(['sign', 'meta'] as const).map((key) => {
        const info = company.keys?.[key]
        return (
          <div key={key} className="key-row" data-testid={`key-${key}`}>
            <strong>{t.company.keys[key]}</strong>
            {info ? (
              <span className="muted">
                {t.company.keys.endsWith(info.endsWith)} · {t.company.keys.rotatedAt(when(info.rotatedAt))}
              </span>
            ) : null}
            <button type="button" onClick={() => void rotate(key)} data-testid={`key-${key}-rotate`}>
              {t.company.keys.rotate}
            </button>
            {issued?.key === key ? (
              <div className="secret-once" role="status">
                <p>{t.company.keys.shownOnce}</p>
                <code data-testid={`key-${key}-value`}>{issued.value}</code>
                <CopyButton text={issued.value} />
                <button type="button" className="link" onClick={() => setIssued(null)}>
                  {t.common.close}
                </button>
              </div>
            ) : null}
          </div>
        )
      })}
      {error ? (
        <p className="form-error" role="alert">
          {error}
        </p>
      ) : null}
    </div>
  )
}
