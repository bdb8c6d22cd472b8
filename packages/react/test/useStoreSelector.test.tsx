import { act, cleanup, render, screen } from '@testing-library/react'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { renderToString } from 'react-dom/server'
import { afterEach, expect, it } from 'vitest'
import { createStore } from '@kefu/core'
import { useStoreSelector } from '../src'
import { describeEachReactMode } from './utils'

afterEach(cleanup)

describeEachReactMode('useStoreSelector', (mode) => {
  it('re-renders only when its slice of any kefu store changes', () => {
    const store = createStore({ count: 0, label: 'a' })
    let renders = 0
    function Count() {
      renders++
      const count = useStoreSelector(store, (s) => s.count)
      return <output data-testid="count">{count}</output>
    }
    render(mode.wrap(<Count />))
    const initial = renders
    act(() => store.set({ ...store.getSnapshot(), label: 'b' }))
    expect(renders).toBe(initial)
    act(() => store.set({ ...store.getSnapshot(), count: 1 }))
    expect(screen.getByTestId('count').textContent).toBe('1')
    expect(renders).toBe(initial + mode.callsPerRender)
  })

  it('keeps the previous selection when isEqual says it is the same', () => {
    const store = createStore({ items: [1, 2] })
    const seen: (readonly number[])[] = []
    function Items() {
      const items = useStoreSelector(store, (s) => s.items.filter((n) => n > 1), (a, b) => a.join() === b.join())
      seen.push(items)
      return null
    }
    render(mode.wrap(<Items />))
    act(() => store.set({ items: [0, 1, 2] }))
    expect(new Set(seen).size).toBe(1)
  })
})

it('renders the initial snapshot on the server, whatever the store holds now', () => {
  const store = createStore({ count: 0 })
  store.set({ count: 5 })
  function Count() {
    return <p>{useStoreSelector(store, (s) => s.count)}</p>
  }
  expect(renderToString(<Count />)).toBe('<p>0</p>')
})

it('is the only useSyncExternalStore in @kefu/react: every hook and the agent bindings go through it', () => {
  const src = join(import.meta.dirname, '..', 'src')
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => /\.tsx?$/.test(file))
  const users = files.filter((file) => /useSyncExternalStore\(/.test(readFileSync(join(src, file), 'utf8')))
  expect(users).toEqual(['useStoreSelector.ts'])
})
