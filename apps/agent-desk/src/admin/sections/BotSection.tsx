import { useState, type FormEvent } from 'react'
import { DeskHttpError } from '../../desk'
import { useDeskStore } from '../../ui/useDesk'
import { downloadFromApi, type Faq, type FaqTry } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import { Field } from '../form/Field'
import { fieldError, formErrorsOf, NO_ERRORS, type FormErrors } from '../form/formErrors'
import { FormStatus } from '../form/FormStatus'
import { LinesInput } from '../form/LinesInput'
import { useAdminText } from '../i18n'
import { useLoad } from '../useLoad'

type FaqDraft = Omit<Faq, 'faqId'>
const EMPTY: FaqDraft = { question: '', answer: '', keywords: '', synonyms: [] }

/** The bot's FAQ: entries with synonyms, a "try it" box, CSV import and export. */
export function BotSection() {
  const api = useAdminApi()
  const { t } = useAdminText()
  const faqs = useLoad(() => api.faqs())
  const [editing, setEditing] = useState<string | 'new' | null>(null)
  const [error, setError] = useState<string | null>(null)
  if (!faqs.data) return <p className="muted">{faqs.error ? formErrorsOf(faqs.error, t).form : t.common.loading}</p>
  async function remove(faq: Faq) {
    if (!window.confirm(t.common.confirmDelete(faq.question))) return
    try {
      await api.deleteFaq(faq.faqId)
      faqs.reload()
    } catch (e) {
      setError(formErrorsOf(e, t).form)
    }
  }
  return (
    <>
      <TryIt />
      <CsvTools onImported={faqs.reload} />
      <section className="admin-card" aria-labelledby="faq-heading">
        <div className="card-head">
          <h2 id="faq-heading">
            {t.bot.entries} <span className="muted">{t.bot.count(faqs.data.length)}</span>
          </h2>
          <button type="button" className="primary" onClick={() => setEditing('new')} data-testid="faq-add">
            + {t.bot.add}
          </button>
        </div>
        {editing === 'new' ? <FaqForm initial={EMPTY} onDone={() => (setEditing(null), faqs.reload())} onCancel={() => setEditing(null)} /> : null}
        {error ? (
          <p className="form-error" role="alert">
            {error}
          </p>
        ) : null}
        <ul className="faq-list" data-testid="faq-list">
          {faqs.data.map((faq) =>
            editing === faq.faqId ? (
              <li key={faq.faqId}>
                <FaqForm faqId={faq.faqId} initial={faq} onDone={() => (setEditing(null), faqs.reload())} onCancel={() => setEditing(null)} />
              </li>
            ) : (
              <li key={faq.faqId} className="faq" data-testid={`faq-${faq.question}`}>
                <div className="faq-q">
                  <strong>{faq.question}</strong>
                  {faq.synonyms.length ? <span className="chips">{faq.synonyms.map((s) => <span key={s} className="chip">{s}</span>)}</span> : null}
                </div>
                <p className="faq-a">{faq.answer}</p>
                {faq.keywords ? (
                  <p className="muted">
                    {t.bot.keywords}
                    {t.common.colon}
                    {faq.keywords}
                  </p>
                ) : null}
                <div className="actions">
                  <button type="button" className="link" onClick={() => setEditing(faq.faqId)}>
                    {t.common.edit}
                  </button>
                  <button type="button" className="link danger" onClick={() => void remove(faq)}>
                    {t.common.delete}
                  </button>
                </div>
              </li>
            ),
          )}
        </ul>
      </section>
    </>
  )
}

function FaqForm({ initial, faqId, onDone, onCancel }: { initial: FaqDraft; faqId?: string; onDone(): void; onCancel(): void }) {
  const api = useAdminApi()
  const { t } = useAdminText()
  const [draft, setDraft] = useState<FaqDraft>({ question: initial.question, answer: initial.answer, keywords: initial.keywords, synonyms: [...initial.synonyms] })
  const [errors, setErrors] = useState<FormErrors>(NO_ERRORS)
  const [saving, setSaving] = useState(false)
  const set = <K extends keyof FaqDraft>(key: K, value: FaqDraft[K]) => setDraft((d) => ({ ...d, [key]: value }))
  async function submit(event: FormEvent) {
    event.preventDefault()
    const local: Record<string, string> = {}
    if (!draft.question.trim()) local.question = t.common.required
    else if (draft.question.length > 500) local.question = t.common.maxLength(500)
    if (!draft.answer.trim()) local.answer = t.common.required
    else if (draft.answer.length > 5000) local.answer = t.common.maxLength(5000)
    if (draft.keywords.length > 500) local.keywords = t.common.maxLength(500)
    const long = draft.synonyms.find((s) => s.length > 500)
    if (long) local.synonyms = t.common.maxLength(500)
    if (Object.keys(local).length) return setErrors({ form: t.common.invalidForm, fields: local })
    setSaving(true)
    try {
      if (faqId) await api.saveFaq(faqId, draft)
      else await api.addFaq(draft)
      onDone()
    } catch (error) {
      setErrors(formErrorsOf(error, t))
    } finally {
      setSaving(false)
    }
  }
  const e = (path: string) => fieldError(errors, path)
  return (
    <form className="admin-card inline-form" onSubmit={(ev) => void submit(ev)} noValidate data-testid="faq-form">
      <Field label={t.bot.question} error={e('question')}>
        <input value={draft.question} onChange={(ev) => set('question', ev.target.value)} data-testid="faq-question" />
      </Field>
      <Field label={t.bot.synonyms} hint={t.bot.synonymsHint} error={e('synonyms')}>
        <LinesInput rows={3} value={draft.synonyms} onChange={(synonyms) => set('synonyms', synonyms)} data-testid="faq-synonyms" />
      </Field>
      <Field label={t.bot.keywords} hint={t.bot.keywordsHint} error={e('keywords')}>
        <input value={draft.keywords} onChange={(ev) => set('keywords', ev.target.value)} data-testid="faq-keywords" />
      </Field>
      <Field label={t.bot.answer} error={e('answer')}>
        <textarea rows={4} value={draft.answer} onChange={(ev) => set('answer', ev.target.value)} data-testid="faq-answer" />
      </Field>
      <div className="form-actions">
        <button type="submit" className="primary" disabled={saving} data-testid="faq-save">
          {saving ? t.common.saving : t.common.save}
        </button>
        <button type="button" onClick={onCancel}>
          {t.common.cancel}
        </button>
        <FormStatus errors={errors} saved={false} savedText="" />
      </div>
    </form>
  )
}

/** Which entry answers a question, as the bot would decide it. */
function TryIt() {
  const api = useAdminApi()
  const { t } = useAdminText()
  const [question, setQuestion] = useState('')
  const [result, setResult] = useState<FaqTry | null>(null)
  const [error, setError] = useState<string | null>(null)
  async function run(event: FormEvent) {
    event.preventDefault()
    if (!question.trim()) return
    setError(null)
    try {
      setResult(await api.tryFaq(question))
    } catch (e) {
      setError(formErrorsOf(e, t).form)
    }
  }
  return (
    <section className="admin-card try-it" aria-labelledby="try-heading">
      <h2 id="try-heading">{t.bot.tryTitle}</h2>
      <form className="row" onSubmit={(e) => void run(e)}>
        <input aria-label={t.bot.tryTitle} placeholder={t.bot.tryPlaceholder} value={question} onChange={(e) => setQuestion(e.target.value)} data-testid="faq-try-input" />
        <button type="submit" className="primary" data-testid="faq-try">
          {t.bot.tryButton}
        </button>
      </form>
      <div role="status" data-testid="faq-try-result">
        {result?.kind === 'answer' ? (
          <div className="try-answer">
            <p>
              <strong>{t.bot.tryAnswer(result.faq.question)}</strong>
              {result.synonym ? <span className="muted">{t.bot.tryBySynonym(result.synonym)}</span> : null}
            </p>
            <p className="faq-a">{result.faq.answer}</p>
          </div>
        ) : null}
        {result?.kind === 'handoff' ? <p>{t.bot.tryHandoff}</p> : null}
        {result?.kind === 'none' ? <p>{t.bot.tryNone}</p> : null}
        {error ? <p className="form-error">{error}</p> : null}
      </div>
    </section>
  )
}

/** CSV in and out: the whole file is checked before anything is stored, and every bad row is listed. */
function CsvTools({ onImported }: { onImported(): void }) {
  const api = useAdminApi()
  const desk = useDeskStore()
  const { t, locale } = useAdminText()
  const [mode, setMode] = useState<'append' | 'replace'>('append')
  const [outcome, setOutcome] = useState<{ ok: string } | { failed: string; rows: string[] } | null>(null)
  async function importFile(file: File) {
    setOutcome(null)
    try {
      const result = await api.importFaqs(await file.text(), mode)
      setOutcome({ ok: t.bot.importDone(result.added, result.removed) })
      onImported()
    } catch (error) {
      const rows =
        error instanceof DeskHttpError && error.issues.length
          ? error.issues.map((i) => {
              const row = /^rows\.(\d+)(?:\.(\w+))?/.exec(i.path)
              return row ? `${t.bot.row(row[1]!)}${row[2] ? ` ${row[2]}` : ''}${t.common.colon}${i.message}` : i.message
            })
          : []
      setOutcome({ failed: rows.length ? t.bot.importFailed : (formErrorsOf(error, t).form ?? ''), rows })
    }
  }
  return (
    <section className="admin-card" aria-label={t.bot.importCsv}>
      <div className="row wrap">
        <label className="button-like">
          {t.bot.importCsv}
          <input
            type="file"
            accept=".csv,text/csv"
            hidden
            data-testid="faq-import-file"
            onChange={(e) => {
              const file = e.target.files?.[0]
              e.target.value = ''
              if (file) void importFile(file)
            }}
          />
        </label>
        <label className="inline">
          {t.bot.importMode}
          <select value={mode} onChange={(e) => setMode(e.target.value as 'append' | 'replace')} data-testid="faq-import-mode">
            <option value="append">{t.bot.importAppend}</option>
            <option value="replace">{t.bot.importReplace}</option>
          </select>
        </label>
        <button type="button" onClick={() => void downloadFromApi(desk, `/api/v1/faqs/export?locale=${locale === 'en' ? 'en' : 'zh-CN'}`, 'faq.csv')} data-testid="faq-export">
          {t.bot.exportCsv}
        </button>
      </div>
      <p className="hint">{t.bot.csvHint}</p>
      {outcome && 'ok' in outcome ? (
        <p className="form-saved" role="status" data-testid="faq-import-result">
          {outcome.ok}
        </p>
      ) : null}
      {outcome && 'failed' in outcome ? (
        <div className="form-error" role="alert" data-testid="faq-import-result">
          <p>{outcome.failed}</p>
          {outcome.rows.length ? (
            <ul>
              {outcome.rows.map((row) => (
                <li key={row}>{row}</li>
              ))}
            </ul>
          ) : null}
        </div>
      ) : null}
    </section>
  )
}
