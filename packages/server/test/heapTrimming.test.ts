import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { glibcHooks, startHeapTrimming } from '../src/db/startHeapTrimming'

const MB = 1024 * 1024

/** Resident memory the test sets, and the trims it saw (a trim gives back what `freed` says). */
function fakeProcess(startMb: number) {
  const state = { rss: startMb * MB, freed: 0, trims: 0 }
  return {
    state,
    hooks: {
      rss: () => state.rss,
      trim: () => {
        state.trims++
        state.rss -= state.freed
        state.freed = 0
      },
    },
  }
}

describe('startHeapTrimming', () => {
  beforeEach(() => vi.useFakeTimers())
  afterEach(() => vi.useRealTimers())

  it('trims once resident memory has grown by the threshold, then counts growth from after the trim', () => {
    const { state, hooks } = fakeProcess(200)
    const stop = startHeapTrimming({ everyMs: 1000, growthBytes: 16 * MB }, hooks)

    state.rss += 15 * MB
    vi.advanceTimersByTime(1000)
    expect(state.trims).toBe(0)

    state.rss += 60 * MB
    state.freed = 50 * MB
    vi.advanceTimersByTime(1000)
    expect(state.trims).toBe(1)
    expect(state.rss).toBe(225 * MB)

    // 10 MB more than after the trim: below the threshold, although 25 MB above the start.
    state.rss += 10 * MB
    vi.advanceTimersByTime(1000)
    expect(state.trims).toBe(1)

    state.rss += 6 * MB
    vi.advanceTimersByTime(1000)
    expect(state.trims).toBe(2)
    stop()
  })

  it('counts growth from the lowest memory seen, so memory given back by V8 does not hide new growth', () => {
    const { state, hooks } = fakeProcess(200)
    const stop = startHeapTrimming({ everyMs: 1000, growthBytes: 16 * MB }, hooks)

    state.rss -= 30 * MB
    vi.advanceTimersByTime(1000)
    state.rss += 20 * MB
    vi.advanceTimersByTime(1000)
    expect(state.trims).toBe(1)
    stop()
  })

  it('stops looking once stopped', () => {
    const { state, hooks } = fakeProcess(200)
    const stop = startHeapTrimming({ everyMs: 1000, growthBytes: 16 * MB }, hooks)
    stop()
    state.rss += 100 * MB
    vi.advanceTimersByTime(10_000)
    expect(state.trims).toBe(0)
  })

  it('does nothing without hooks (no glibc, or koffi missing)', () => {
    const stop = startHeapTrimming({ everyMs: 1000 }, null)
    vi.advanceTimersByTime(10_000)
    expect(vi.getTimerCount()).toBe(0)
    stop()
  })
})

describe('glibcHooks', () => {
  // The product's platform (and CI's): Linux with glibc, koffi installed as an optional dependency.
  const glibc = (process.report.getReport() as { header?: { glibcVersionRuntime?: string } }).header?.glibcVersionRuntime
  it.runIf(process.platform === 'linux' && glibc)('reaches malloc_trim on Linux with glibc', () => {
    const hooks = glibcHooks()
    expect(hooks).not.toBeNull()
    expect(hooks!.rss()).toBeGreaterThan(10 * MB)
    expect(() => hooks!.trim()).not.toThrow()
    expect(glibcHooks()).toBe(hooks)
  })
})
