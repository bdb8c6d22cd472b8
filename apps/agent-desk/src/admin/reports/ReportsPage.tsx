import type { LiveReport, Report } from '@kefu/core'
import { useEffect, useMemo, useState, type FormEvent } from 'react'
import type { AdminAgent, Group } from '../adminApi'
import { useAdminApi } from '../adminApiContext'
import { formErrorsOf } from '../form/formErrors'
import { formatDuration, formatNumber, formatPercent } from '../format'
import { useAdminText } from '../i18n'
import { useLoad } from '../useLoad'
import { ChartPanel, ReportTable } from './ChartPanel'
import { reportCharts } from './reportCharts'

/** `YYYY-MM-DD` of a local date. */
const isoDay = (d: Date) => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
const daysAgo = (n: number) => {
  const d = new Date()
  d.setDate(d.getDate() - n)
  return isoDay(d)
}

interface Query {
  from: string
  to: string
  /** `''`, `group:<id>` or `agent:<id>`. */
  team: string
}

/** The range from the URL (`#/admin/reports?from=…&to=…&team=…`), so a report can be linked and reloaded. */
function queryFromHash(): Query {
  const params = new URLSearchParams(location.hash.split('?')[1] ?? '')
  return { from: params.get('from') ?? daysAgo(29), to: params.get('to') ?? daysAgo(0), team: params.get('team') ?? '' }
}

/** Reports: a live view, then the figures over a range for everyone, a group or an agent, each chart with its table and CSV. */
export default function ReportsPage() {
  const api = useAdminApi()
  const { t } = useAdminText()
  const team = useLoad(async () => {
    const [agents, groups] = await Promise.all([api.agents(), api.groups()])
    return { agents, groups }
  })
  const [query, setQuery] = useState<Query>(queryFromHash)
  const [draft, setDraft] = useState<Query>(query)
  const [report, setReport] = useState<{ data: Report | null; error: string | null; loading: boolean }>({ data: null, error: null, loading: true })

  useEffect(() => {
    let live = true
    const params = new URLSearchParams({ from: query.from, to: query.to })
    if (query.team.startsWith('group:')) params.set('groupId', query.team.slice(6))
    if (query.team.startsWith('agent:')) params.set('agentId', query.team.slice(6))
    setReport((r) => ({ ...r, loading: true }))
    api.report(params).then(
      (data) => live && setReport({ data, error: null, loading: false }),
      (error: unknown) => live && setReport({ data: null, error: formErrorsOf(error, t).form, loading: false }),
    )
    const link = new URLSearchParams({ from: query.from, to: query.to, ...(query.team ? { team: query.team } : {}) })
    history.replaceState(null, '', `#/admin/reports?${link.toString()}`)
    return () => {
      live = false
    }
  }, [api, query, t])

  function apply(event: FormEvent) {
    event.preventDefault()
    setQuery(draft)
  }
  const preset = (days: number) => {
    const next = { ...draft, from: daysAgo(days - 1), to: daysAgo(0) }
    setDraft(next)
    setQuery(next)
  }

  return (
    <div className="reports" data-testid="reports">
      <LivePanel />
      <form className="admin-card report-filters" onSubmit={apply} data-testid="report-filters">
        <label>
          {t.reports.from}
          <input type="date" value={draft.from} max={draft.to} onChange={(e) => setDraft({ ...draft, from: e.target.value })} data-testid="report-from" />
        </label>
        <label>
          {t.reports.to}
          <input type="date" value={draft.to} min={draft.from} onChange={(e) => setDraft({ ...draft, to: e.target.value })} data-testid="report-to" />
        </label>
        <label>
          {t.reports.filter}
          <TeamSelect value={draft.team} onChange={(value) => setDraft({ ...draft, team: value })} agents={team.data?.agents ?? []} groups={team.data?.groups ?? []} />
        </label>
        <button type="submit" className="primary" data-testid="report-apply">
          {t.reports.apply}
        </button>
        <span className="presets">
          {[7, 30, 90].map((days) => (
            <button key={days} type="button" className="link" onClick={() => preset(days)}>
              {t.reports.presets[days]}
            </button>
          ))}
        </span>
      </form>
      {report.error ? (
        <p className="form-error" role="alert" data-testid="report-error">
          {report.error}
        </p>
      ) : null}
      {report.data ? <ReportBody report={report.data} groups={team.data?.groups ?? []} /> : report.loading ? <p className="muted">{t.common.loading}</p> : null}
    </div>
  )
}

function TeamSelect({ value, onChange, agents, groups }: { value: string; onChange(value: string): void; agents: readonly AdminAgent[]; groups: readonly Group[] }) {
  const { t } = useAdminText()
  return (
    <select value={value} onChange={(e) => onChange(e.target.value)} data-testid="report-team">
      <option value="">{t.reports.allTeam}</option>
      {groups.map((g) => (
        <option key={g.groupId} value={`group:${g.groupId}`}>
          {t.reports.groupPrefix}
          {g.name}
        </option>
      ))}
      {agents.map((a) => (
        <option key={a.agentId} value={`agent:${a.agentId}`}>
          {t.reports.agentPrefix}
          {a.name}
        </option>
      ))}
    </select>
  )
}

/** Who is online, chats in progress and the queue, refreshed every ten seconds while the page is open. */
function LivePanel() {
  const api = useAdminApi()
  const { t, locale } = useAdminText()
  const [live, setLive] = useState<LiveReport | null>(null)
  useEffect(() => {
    let stopped = false
    const load = () =>
      api.live().then(
        (value) => !stopped && setLive(value),
        () => {},
      )
    void load()
    const timer = setInterval(() => void load(), 10_000)
    return () => {
      stopped = true
      clearInterval(timer)
    }
  }, [api])
  if (!live) return null
  const online = live.agents.filter((a) => a.presence !== 'offline')
  return (
    <section className="admin-card live" aria-labelledby="live-heading" data-testid="report-live">
      <h2 id="live-heading">{t.reports.live}</h2>
      <dl className="stats">
        <Stat label={t.reports.liveOnline} value={String(online.length)} testId="live-online" />
        <Stat label={t.reports.liveChatting} value={String(live.chatting)} testId="live-chatting" />
        <Stat label={t.reports.liveBot} value={String(live.bot)} testId="live-bot" />
        <Stat label={t.reports.liveQueue} value={String(live.queue)} testId="live-queue" />
        {live.longestWaitSince !== null ? <Stat label={t.reports.liveLongest} value={formatDuration(live.generatedAt - live.longestWaitSince, t)} /> : null}
      </dl>
      <ul className="live-agents">
        {live.agents.map((a) => (
          <li key={a.agentId} className={`presence-${a.presence}`} data-testid={`live-agent-${a.name}`}>
            <span className={`dot ${a.presence === 'online' ? 'online' : a.presence}`} aria-hidden="true" />
            {a.name} · {t.reports.presence[a.presence]} · {t.reports.chats(a.chats, a.capacity)}
          </li>
        ))}
      </ul>
      <span className="muted">{new Intl.DateTimeFormat(locale, { timeStyle: 'medium' }).format(live.generatedAt)}</span>
    </section>
  )
}

function Stat({ label, value, sub, testId }: { label: string; value: string; sub?: string; testId?: string }) {
  return (
    <div className="stat" data-testid={testId}>
      <dt>{label}</dt>
      <dd>
        <span className="stat-value">{value}</span>
        {sub ? <span className="stat-sub">{sub}</span> : null}
      </dd>
    </div>
  )
}

function ReportBody({ report, groups }: { report: Report; groups: readonly Group[] }) {
  const { t, locale } = useAdminText()
  const o = report.overview
  const charts = useMemo(() => reportCharts(report, t, locale, groups), [report, t, locale, groups])
  const d = (ms: number | null) => formatDuration(ms, t)
  return (
    <>
      <section className="admin-card" aria-labelledby="overview-heading" data-testid="report-overview">
        <div className="card-head">
          <h2 id="overview-heading">{t.reports.overview}</h2>
          <span className="muted">{t.reports.timeZone(report.range.timeZone)}</span>
        </div>
        {o.conversations === 0 ? <p className="muted">{t.reports.empty}</p> : null}
        <dl className="stats">
          <Stat label={t.reports.conversations} value={formatNumber(locale, o.conversations)} testId="stat-conversations" />
          <Stat label={t.reports.served} value={formatNumber(locale, o.served)} testId="stat-served" />
          <Stat label={t.reports.missed} value={formatNumber(locale, o.missed)} testId="stat-missed" />
          <Stat label={t.reports.abandoned} value={formatNumber(locale, o.abandoned)} testId="stat-abandoned" />
          <Stat label={t.reports.botResolution} value={formatPercent(locale, o.botResolutionRate)} sub={`${o.botResolved}/${o.botChats}`} testId="stat-bot" />
          <Stat label={t.reports.firstResponse} value={d(o.firstResponse.p50)} sub={`${t.reports.p90} ${d(o.firstResponse.p90)}`} testId="stat-first-response" />
          <Stat label={t.reports.wait} value={d(o.wait.p50)} sub={`${t.reports.p90} ${d(o.wait.p90)}`} testId="stat-wait" />
          <Stat label={t.reports.duration} value={d(o.duration.p50)} sub={`${t.reports.p90} ${d(o.duration.p90)}`} testId="stat-duration" />
          <Stat label={t.reports.messagesPerChat} value={formatNumber(locale, o.messagesPerChat.avg, 1)} sub={`${t.reports.p50} ${formatNumber(locale, o.messagesPerChat.p50, 1)}`} testId="stat-messages" />
          <Stat
            label={t.reports.satisfaction}
            value={formatNumber(locale, o.satisfaction.average, 2)}
            sub={t.reports.evaluated(o.satisfaction.evaluated, formatPercent(locale, o.satisfaction.rate))}
            testId="stat-satisfaction"
          />
        </dl>
      </section>
      <div className="chart-grid">
        {charts.panels.map((chart) => (
          <ChartPanel key={chart.id} {...chart} />
        ))}
      </div>
      <section className="admin-card" aria-labelledby="agents-report-heading">
        <h2 id="agents-report-heading">{t.reports.byAgent}</h2>
        <ReportTable table={charts.agentsTable} testId="report-agents-table" />
      </section>
      <section className="admin-card" aria-labelledby="groups-report-heading">
        <h2 id="groups-report-heading">{t.reports.byGroup}</h2>
        <ReportTable table={charts.groupsTable} testId="report-groups-table" />
      </section>
      <details className="admin-card definitions">
        <summary>{t.reports.definitions}</summary>
        <ul>
          {t.reports.defs.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      </details>
    </>
  )
}
