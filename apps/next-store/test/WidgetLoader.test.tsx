import { act, cleanup, render } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { WidgetLoader } from '../components/WidgetLoader'
import { showsWidget } from '../lib/widgetPages'
import { location } from './nextNavigation'
import { setup, withClient } from './utils'

// next/script needs Next's runtime; a plain element says whether the loader would be added.
vi.mock('next/script', () => ({
  default: ({ id, src }: { id: string; src?: string }) => <template data-script={id} data-src={src} />,
}))

afterEach(() => {
  cleanup()
  location.pathname = '/'
})

async function renderLoader(pathname: string) {
  location.pathname = pathname
  const { agent, client } = setup()
  const view = render(withClient(client, <WidgetLoader kefuUrl="http://kefu.test:8080" companyId="demo" />))
  await act(() => agent.settle())
  return view.container
}

describe('WidgetLoader', () => {
  it('adds the widget loader on store pages once the visitor is known', async () => {
    const container = await renderLoader('/products/trench-coat')
    expect(container.querySelector('[data-script="kefu-loader"]')?.getAttribute('data-src')).toBe('http://kefu.test:8080/loader.js?companyId=demo')
  })

  it('adds nothing on the headless /support page', async () => {
    const container = await renderLoader('/support')
    expect(container.querySelector('[data-script]')).toBeNull()
  })
})

it('showsWidget: everywhere but the headless pages', () => {
  expect(showsWidget('/')).toBe(true)
  expect(showsWidget('/orders')).toBe(true)
  expect(showsWidget('/support')).toBe(false)
  expect(showsWidget('/support/')).toBe(false)
  expect(showsWidget('/supports')).toBe(true)
})
