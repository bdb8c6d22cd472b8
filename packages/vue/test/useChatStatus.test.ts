import { afterEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { createKefu, useChatStatus, type ChatStatusView } from '../src'
import { flush, mountWithKefu, setup } from './helpers'

let cleanup: (() => void) | undefined
afterEach(() => {
  cleanup?.()
  cleanup = undefined
})

function mountStatus(agentOptions: Parameters<typeof setup>[0] = {}) {
  const { agent, client } = setup(agentOptions)
  let status!: Readonly<{ value: ChatStatusView }>
  const mounted = mountWithKefu(
    defineComponent({
      setup() {
        status = useChatStatus()
        return () => h('output', `${status.value.code} ${status.value.label ?? 'none'}`)
      },
    }),
    createKefu({ client }),
  )
  cleanup = mounted.unmount
  const view = () => ({ ...status.value, shown: mounted.container.textContent })
  return { agent, client, view }
}

describe('useChatStatus', () => {
  it('follows the Echat seed codes and labels: waiting, chatting, ended asking for an evaluation', async () => {
    const { agent, client, view } = mountStatus({ onRequest: 'queue' })
    expect(view()).toEqual({ status: { name: 'idle' }, code: 0, label: undefined, agentsOnline: false, shown: '0 none' })

    await flush(agent)
    await client.requestChat()
    await flush(agent)
    expect(view()).toEqual({ status: { name: 'waiting' }, code: 1, label: 'waiting', agentsOnline: true, shown: '1 waiting' })

    agent.accept()
    await flush(agent)
    expect(view()).toMatchObject({ status: { name: 'chatting' }, code: 2, label: 'chatting', shown: '2 chatting' })

    agent.end(2, { evaluate: true })
    await flush(agent)
    expect(view()).toMatchObject({
      status: { name: 'ended', reason: 2, needsEvaluation: true },
      code: 4,
      label: 'end-2-1',
      shown: '4 end-2-1',
    })

    // Once evaluated, the seed reports the end without a pending evaluation.
    await client.evaluate({ score: 5 })
    await flush(agent)
    expect(view()).toMatchObject({ code: 4, label: 'end-2-0', shown: '4 end-2-0' })
  })

  it('reports agents going offline and offline modes', async () => {
    const { agent, client, view } = mountStatus({ agentsOnline: false, offlineMode: 'leave-message' })
    await flush(agent)
    expect(view()).toMatchObject({ agentsOnline: false, code: 0 })
    await client.requestChat()
    await flush(agent)
    expect(view()).toMatchObject({ status: { name: 'offline', mode: 'leave-message' }, code: 0, label: 'leaveToService' })
    agent.setAgentsOnline(true)
    await flush(agent)
    expect(view()).toMatchObject({ agentsOnline: true, label: 'leaveToService' })
  })
})
