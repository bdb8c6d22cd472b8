import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type Koffi from 'koffi'

/** How the trimmer reads memory and gives it back; tests pass their own. */
export type HeapTrimmingHooks = {
  /** The process's resident memory in bytes. */
  rss: () => number
  /** glibc's `malloc_trim(0)`. */
  trim: () => void
  /** Sets glibc's trim and mmap thresholds (`mallopt`), which also stops glibc from raising them by itself. */
  keepLessFreeMemory: () => void
}

/**
 * glibc gives the free end of a thread's arena back only when it exceeds the trim threshold, and
 * `malloc_trim` never does (it only reaches free chunks between live ones). Left alone, glibc raises that
 * threshold to twice the largest block it mmapped and freed, up to 64 MB per arena: an idle PGlite server
 * kept ~26 MB resident that way after a trim (malloc_info: ~9 MB live in 60 MB of thread arenas). At 8 MB
 * an idle server holds ~25 MB less with no measurable change in CPU per message; at 1 MB, ~10 MB less again
 * but a quarter more CPU per message in the two pairs of runs tried (likely the arenas' ends, given back and
 * touched again over and over).
 * Blocks under 32 MB (glibc's largest setting, about where it went by itself) still come from the arenas,
 * so there are no more mmap calls than before.
 */
const TRIM_THRESHOLD_BYTES = 8 * 1024 * 1024
const MMAP_THRESHOLD_BYTES = 32 * 1024 * 1024
// mallopt's parameter numbers, from glibc's malloc.h.
const M_TRIM_THRESHOLD = -1
const M_MMAP_THRESHOLD = -3

export type HeapTrimmingOptions = {
  /** How often resident memory is looked at. */
  everyMs?: number
  /** Growth since the last trim (or the start) that is worth a trim. */
  growthBytes?: number
}

/**
 * Gives back the memory glibc keeps after V8 freed it: on Linux with glibc, lowers glibc's thresholds (see
 * TRIM_THRESHOLD_BYTES), then calls `malloc_trim(0)` whenever the process's resident memory has grown by
 * `growthBytes` since the last look that trimmed.
 *
 * Why: V8's optimizing compiler works on PGlite's hottest WebAssembly functions in background threads, in
 * the first seconds and whenever new statements get hot. It frees its scratch memory when done, but glibc
 * keeps those pages in the threads' malloc arenas (about 75 MB at start, as free chunks between live ones,
 * which only `malloc_trim` hands back to the system). Looking costs one `rss()` read, and a trim under
 * half a millisecond, so a server whose memory is steady never trims.
 *
 * Does nothing where there is no glibc (macOS, Windows, musl) or the optional `koffi` package (the
 * foreign-function interface that reaches `malloc_trim`) is missing. Returns a function that stops it.
 */
export function startHeapTrimming(options: HeapTrimmingOptions = {}, hooks: HeapTrimmingHooks | null = glibcHooks()): () => void {
  if (!hooks) return () => {}
  hooks.keepLessFreeMemory()
  const { everyMs = 5_000, growthBytes = 16 * 1024 * 1024 } = options
  let base = hooks.rss()
  const timer = setInterval(() => {
    const rss = hooks.rss()
    if (rss - base < growthBytes) {
      // Memory that went down (V8 gave heap pages back) is the new base, so growth is counted from there.
      base = Math.min(base, rss)
      return
    }
    hooks.trim()
    base = hooks.rss()
  }, everyMs)
  timer.unref()
  return () => clearInterval(timer)
}

/** Trims now, where `malloc_trim` can be reached: when a burst of work has just ended (the server's start). */
export function trimHeap(hooks: HeapTrimmingHooks | null = glibcHooks()): void {
  hooks?.trim()
}

let cachedHooks: HeapTrimmingHooks | null | undefined

/** The real hooks, or null where `malloc_trim` cannot be reached. Loaded once. */
export function glibcHooks(): HeapTrimmingHooks | null {
  if (cachedHooks !== undefined) return cachedHooks
  cachedHooks = null
  if (process.platform !== 'linux') return null
  try {
    // The CommonJS build has no import.meta.url; it has __filename instead.
    const require = createRequire(import.meta.url ?? pathToFileURL(__filename).href)
    const koffi = require('koffi') as typeof Koffi
    const libc = koffi.load('libc.so.6')
    const mallocTrim = libc.func('int malloc_trim(size_t pad)') as (pad: number) => number
    const mallopt = libc.func('int mallopt(int param, int value)') as (param: number, value: number) => number
    cachedHooks = {
      rss: () => process.memoryUsage.rss(),
      trim: () => void mallocTrim(0),
      keepLessFreeMemory: () => {
        mallopt(M_TRIM_THRESHOLD, TRIM_THRESHOLD_BYTES)
        mallopt(M_MMAP_THRESHOLD, MMAP_THRESHOLD_BYTES)
      },
    }
  } catch {
    // No koffi (an optional dependency), no prebuilt binary for this machine, or no glibc (musl has no
    // libc.so.6, nor malloc_trim): no trimming.
  }
  return cachedHooks
}
