import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import type Koffi from 'koffi'

/** How the trimmer reads memory and gives it back; tests pass their own. */
export type HeapTrimmingHooks = {
  /** The process's resident memory in bytes. */
  rss: () => number
  /** glibc's `malloc_trim(0)`. */
  trim: () => void
}

export type HeapTrimmingOptions = {
  /** How often resident memory is looked at. */
  everyMs?: number
  /** Growth since the last trim (or the start) that is worth a trim. */
  growthBytes?: number
}

/**
 * Gives back the memory glibc keeps after V8 freed it: on Linux with glibc, `malloc_trim(0)` whenever the
 * process's resident memory has grown by `growthBytes` since the last look that trimmed.
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
    const mallocTrim = koffi.load('libc.so.6').func('int malloc_trim(size_t pad)') as (pad: number) => number
    cachedHooks = { rss: () => process.memoryUsage.rss(), trim: () => void mallocTrim(0) }
  } catch {
    // No koffi (an optional dependency), no prebuilt binary for this machine, or no glibc (musl has no
    // libc.so.6, nor malloc_trim): no trimming.
  }
  return cachedHooks
}
