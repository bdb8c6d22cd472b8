import { createRequire } from 'node:module'
import type Koffi from 'koffi'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { glibcHooks, startHeapTrimming, trimHeap } from '../src/db/startHeapTrimming'

const MB = 1024 * 1024

/** Resident memory the test sets, and the trims it saw (a trim gives back what `freed` says). */
function fakeProcess(startMb: number) {
  const state = { rss: startMb * MB, freed: 0, trims: 0, thresholdsSet: 0 }
  return {
    state,
    hooks: {
      rss: () => state.rss,
      trim: () => {
        state.trims++
        state.rss -= state.freed
        state.freed = 0
      },
      keepLessFreeMemory: () => {
        state.thresholdsSet++
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

  it("sets glibc's thresholds once, when it starts, before any look", () => {
    const { state, hooks } = fakeProcess(200)
    const stop = startHeapTrimming({ everyMs: 1000, growthBytes: 16 * MB }, hooks)
    expect(state.thresholdsSet).toBe(1)
    vi.advanceTimersByTime(5000)
    expect(state.thresholdsSet).toBe(1)
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

describe('trimHeap', () => {
  it('trims at once, whatever the memory grew by', () => {
    const { state, hooks } = fakeProcess(200)
    state.freed = 5 * MB
    trimHeap(hooks)
    expect(state.trims).toBe(1)
    expect(state.rss).toBe(195 * MB)
  })

  it('does nothing without hooks', () => {
    expect(() => trimHeap(null)).not.toThrow()
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

  it.runIf(process.platform === 'linux' && glibc)('makes glibc give back the free end of its heap past 8 MB', () => {
    const hooks = glibcHooks()!
    hooks.keepLessFreeMemory()
    const require = createRequire(import.meta.url)
    const libc = (require('koffi') as typeof Koffi).load('libc.so.6')
    const malloc = libc.func('void* malloc(size_t size)') as (size: number) => unknown
    const free = libc.func('void free(void* pointer)') as (pointer: unknown) => void
    const memset = libc.func('void* memset(void* pointer, int value, size_t size)') as (pointer: unknown, value: number, size: number) => unknown
    const touched = (size: number) => {
      const pointer = malloc(size)
      memset(pointer, 1, size)
      return pointer
    }
    // Left to itself, glibc would now raise its trim threshold to 32 MB (twice this mmapped block) and
    // keep the 24 MB below resident after they are freed.
    free(touched(16 * MB))
    const blocks = Array.from({ length: 24 }, () => touched(MB))
    const before = hooks.rss()
    for (const block of blocks.reverse()) free(block)
    expect(before - hooks.rss()).toBeGreaterThan(12 * MB)
  })
})
