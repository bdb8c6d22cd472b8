import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, it } from 'vitest'
import { createSSRApp, defineComponent, effectScope, h, isReadonly, nextTick, watch } from 'vue'
import { renderToString } from 'vue/server-renderer'
import { createStore } from '@kefu/core'
import { useStoreSelector } from '../src'

it('changes only when its slice of any kefu store changes, and unsubscribes with its scope', () => {
  const store = createStore({ count: 0, label: 'a' })
  let subscriptions = 0
  const subscribe = store.subscribe
  const counted = {
    ...store,
    subscribe(listener: () => void) {
      subscriptions++
      const off = subscribe(listener)
      return () => {
        subscriptions--
        off()
      }
    },
  }
  const scope = effectScope()
  const changes: number[] = []
  const count = scope.run(() => {
    const ref = useStoreSelector(counted, (s) => s.count)
    watch(ref, (value) => changes.push(value), { flush: 'sync' })
    return ref
  })!
  expect(isReadonly(count)).toBe(true)
  store.set({ ...store.getSnapshot(), label: 'b' })
  store.set({ ...store.getSnapshot(), count: 1 })
  store.set({ ...store.getSnapshot(), label: 'c' })
  expect(changes).toEqual([1])
  expect(subscriptions).toBe(1)
  scope.stop()
  expect(subscriptions).toBe(0)
  store.set({ ...store.getSnapshot(), count: 2 })
  expect(count.value).toBe(1)
})

it('keeps the previous selection when isEqual says it is the same', async () => {
  const store = createStore({ items: [1, 2] })
  const scope = effectScope()
  const items = scope.run(() => useStoreSelector(store, (s) => s.items.filter((n) => n > 1), (a, b) => a.join() === b.join()))!
  const before = items.value
  store.set({ items: [0, 1, 2] })
  await nextTick()
  expect(items.value).toBe(before)
  scope.stop()
})

it('renders the initial snapshot on the server and does not subscribe there', async () => {
  const store = createStore({ count: 0 })
  store.set({ count: 5 })
  let subscribed = false
  const watched = { ...store, subscribe: (listener: () => void) => ((subscribed = true), store.subscribe(listener)) }
  const App = defineComponent({
    setup() {
      const count = useStoreSelector(watched, (s) => s.count)
      return () => h('p', count.value)
    },
  })
  expect(await renderToString(createSSRApp(App))).toBe('<p>0</p>')
  expect(subscribed).toBe(false)
})

it('is the only subscription in @kefu/vue: every composable and the agent bindings go through it', () => {
  const src = join(import.meta.dirname, '..', 'src')
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.ts'))
  const users = files.filter((file) => /\.subscribe\(/.test(readFileSync(join(src, file), 'utf8')))
  expect(users).toEqual(['useStoreSelector.ts'])
})
