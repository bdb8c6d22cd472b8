import type { AdminLocale } from './adminLocale'
import type { AdminText } from './i18n'

/** `甲、乙和丙` / `A, B and C`: a list in the reader's language. */
export function listOf(locale: AdminLocale, items: readonly string[]): string {
  return new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' }).format(items)
}

/**
 * A duration for people: `0 秒`, `45 秒`, `3 分 20 秒`, `1 小时 5 分` / `0 s`, `45 s`, `3 min 20 s`, `1 h 5 min`.
 * Never milliseconds: anything under half a second reads `0 秒`.
 */
export function formatDuration(ms: number | null, t: AdminText): string {
  if (ms === null || !Number.isFinite(ms)) return '—'
  const u = t.common.units
  const seconds = Math.max(0, Math.round(ms / 1000))
  if (seconds < 60) return `${seconds} ${u.s}`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return seconds % 60 ? `${minutes} ${u.min} ${seconds % 60} ${u.s}` : `${minutes} ${u.min}`
  const hours = Math.floor(minutes / 60)
  if (hours < 48) return minutes % 60 ? `${hours} ${u.h} ${minutes % 60} ${u.min}` : `${hours} ${u.h}`
  const days = Math.floor(hours / 24)
  return hours % 24 ? `${days} ${u.d} ${hours % 24} ${u.h}` : `${days} ${u.d}`
}

/** `75%`, `33.3%` in the reader's locale. */
export function formatPercent(locale: AdminLocale, rate: number | null): string {
  return rate === null ? '—' : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(rate)
}

export function formatNumber(locale: AdminLocale, value: number | null, digits = 2): string {
  return value === null ? '—' : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value)
}
