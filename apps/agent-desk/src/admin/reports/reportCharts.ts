import type { Report } from '@kefu/core'
import type { Group } from '../adminApi'
import type { AdminLocale } from '../adminLocale'
import { formatDuration, formatNumber } from '../format'
import type { AdminText } from '../i18n'
import type { ChartOption } from './EChart'
import type { DataTable } from './toCsv'

export interface ChartSpec {
  readonly id: string
  readonly title: string
  readonly option: ChartOption
  readonly table: DataTable
}

const PALETTE = ['#1a73e8', '#2e7d32', '#c62828', '#f9a825', '#6a1b9a', '#00838f']
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 100) / 10)

/** Every chart of a report, each with the table of its numbers, plus the per-agent and per-group tables. */
export function reportCharts(report: Report, t: AdminText, locale: AdminLocale, groups: readonly Group[]) {
  const r = t.reports
  const grid = { left: 48, right: 16, top: 40, bottom: 32, containLabel: true }
  const base = { color: PALETTE, tooltip: { trigger: 'axis' }, grid, legend: { top: 0 } }
  const days = report.daily.map((d) => d.date.slice(5))

  const perDay: ChartSpec = {
    id: 'per-day',
    title: r.perDay,
    option: {
      ...base,
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: r.conversations, type: 'bar', data: report.daily.map((d) => d.conversations) },
        { name: r.served, type: 'line', data: report.daily.map((d) => d.served) },
        { name: r.missed, type: 'line', data: report.daily.map((d) => d.missed) },
        { name: r.abandoned, type: 'line', data: report.daily.map((d) => d.abandoned) },
        { name: r.botResolved, type: 'line', data: report.daily.map((d) => d.botResolved) },
      ],
    },
    table: {
      columns: [r.date, r.conversations, r.served, r.missed, r.abandoned, r.botResolved],
      rows: report.daily.map((d) => [d.date, d.conversations, d.served, d.missed, d.abandoned, d.botResolved]),
    },
  }

  const perHour: ChartSpec = {
    id: 'per-hour',
    title: r.perHour,
    option: {
      ...base,
      legend: undefined,
      xAxis: { type: 'category', data: report.hourly.map((h) => String(h.hour).padStart(2, '0')) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [{ name: r.conversations, type: 'bar', data: report.hourly.map((h) => h.conversations) }],
    },
    table: { columns: [r.hour, r.conversations], rows: report.hourly.map((h) => [`${String(h.hour).padStart(2, '0')}:00`, h.conversations]) },
  }

  const o = report.overview
  const durations = [
    [r.firstResponse, o.firstResponse],
    [r.wait, o.wait],
    [r.duration, o.duration],
  ] as const
  const times: ChartSpec = {
    id: 'times',
    title: `${r.firstResponse} · ${r.wait} · ${r.duration}`,
    option: {
      ...base,
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatDuration(v * 1000, t) },
      xAxis: { type: 'category', data: durations.map(([name]) => name) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatDuration(v * 1000, t) } },
      series: [
        { name: r.p50, type: 'bar', data: durations.map(([, s]) => seconds(s.p50)) },
        { name: r.p90, type: 'bar', data: durations.map(([, s]) => seconds(s.p90)) },
        { name: r.avg, type: 'bar', data: durations.map(([, s]) => seconds(s.avg)) },
      ],
    },
    table: {
      columns: ['', `${r.p50} (s)`, `${r.p90} (s)`, `${r.avg} (s)`, r.count],
      rows: durations.map(([name, s]) => [name, seconds(s.p50), seconds(s.p90), seconds(s.avg), s.count]),
    },
  }

  const scores: ChartSpec = {
    id: 'satisfaction',
    title: r.scoreDistribution,
    option: {
      color: ['#c62828', '#ef6c00', '#f9a825', '#7cb342', '#2e7d32'],
      tooltip: { trigger: 'item' },
      legend: { top: 0 },
      series: [
        {
          name: r.scoreDistribution,
          type: 'pie',
          radius: ['35%', '65%'],
          top: 24,
          data: o.satisfaction.distribution.map((count, i) => ({ name: r.score(i + 1), value: count })),
        },
      ],
    },
    table: { columns: [r.satisfaction, r.count], rows: o.satisfaction.distribution.map((count, i) => [r.score(i + 1), count]) },
  }

  const offline: ChartSpec = {
    id: 'offline',
    title: `${r.offline} · ${r.received} ${report.offline.received} · ${r.handled} ${report.offline.handled} · ${r.handling} ${r.p50} ${formatDuration(report.offline.handling.p50, t)}`,
    option: {
      ...base,
      xAxis: { type: 'category', data: report.offline.daily.map((d) => d.date.slice(5)) },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: r.received, type: 'bar', data: report.offline.daily.map((d) => d.received) },
        { name: r.handled, type: 'bar', data: report.offline.daily.map((d) => d.handled) },
      ],
    },
    table: { columns: [r.date, r.received, r.handled], rows: report.offline.daily.map((d) => [d.date, d.received, d.handled]) },
  }

  const num = (v: number | null, digits = 2) => (v === null ? null : formatNumber(locale, v, digits))
  const agentsTable: DataTable = {
    columns: [r.agent, r.served, `${r.firstResponse} (${r.avg})`, `${r.firstResponse} (${r.p50})`, `${r.duration} (${r.avg})`, r.messagesPerChat, r.satisfaction],
    rows: report.agents.map((a) => [
      a.name,
      a.served,
      formatDuration(a.firstResponseAvg, t),
      formatDuration(a.firstResponseP50, t),
      formatDuration(a.durationAvg, t),
      num(a.messagesAvg, 1),
      a.evaluated ? `${num(a.satisfactionAvg)} (${a.evaluated})` : null,
    ]),
  }
  const groupsTable: DataTable = {
    columns: [r.group, r.conversations, r.served, r.missed, r.abandoned, `${r.wait} (${r.p50})`, `${r.wait} (${r.p90})`, r.satisfaction],
    rows: report.groups.map((g) => [
      g.name ?? groups.find((x) => x.groupId === g.groupId)?.name ?? r.noGroup,
      g.conversations,
      g.served,
      g.missed,
      g.abandoned,
      formatDuration(g.waitP50, t),
      formatDuration(g.waitP90, t),
      num(g.satisfactionAvg),
    ]),
  }
  return { panels: [perDay, perHour, times, scores, offline], agentsTable, groupsTable }
}
