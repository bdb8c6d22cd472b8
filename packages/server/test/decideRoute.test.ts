import type { AgentPresence, RoutingRequest, TransferAction } from '@kefu/core'
import { describe, expect, it } from 'vitest'
import { canServe, decideRoute, isAvailable, pickAgent, type AgentAvailability } from '../src/chat/decideRoute'

function agent(agentId: string, over: Partial<Omit<AgentAvailability, 'agentId'>> = {}): AgentAvailability {
  return { agentId, presence: 'online', load: 0, capacity: 3, groupIds: [], lastAssignedAt: 0, ...over }
}

/** The first rule's target in the three states routing can find it in. */
type Condition = 'available' | 'busy' | 'offline'

function stateOf(condition: Condition): Partial<AgentAvailability> {
  if (condition === 'available') return { presence: 'online', load: 1, capacity: 3 }
  if (condition === 'busy') return { presence: 'online', load: 3, capacity: 3 }
  return { presence: 'offline', load: 0, capacity: 3 }
}

// Sobot's spillId, read from the seed's table: which conditions pass the visitor on.
const SPILL_CONDITIONS: Record<number, readonly Condition[]> = {
  1: ['offline'], // 客服不在线
  2: ['busy'], // 客服忙碌
  3: ['offline', 'busy'], // 智能判断 (agent)
  4: ['offline'], // 技能组无客服在线
  5: ['busy'], // 技能组所有客服忙碌
  6: ['offline'], // 技能组不上班 (kefu has no schedules: nobody online)
  7: ['offline', 'busy'], // 智能判断 (group)
}

describe('decideRoute: Sobot transfer_action', () => {
  // The first rule targets agent "first" (in group "g1"); the second rule is group "g2", where "spare" is free.
  function agentsWithFirst(condition: Condition): AgentAvailability[] {
    return [agent('first', { ...stateOf(condition), groupIds: ['g1'] }), agent('spare', { groupIds: ['g2'] }), agent('stranger', { groupIds: ['g9'] })]
  }

  const cases: { actionType: TransferAction['actionType']; optionId: TransferAction['optionId']; overflow: boolean }[] = [
    { actionType: 'to_service', optionId: 1, overflow: true },
    { actionType: 'to_service', optionId: 2, overflow: false },
    { actionType: 'to_group', optionId: 3, overflow: true },
    { actionType: 'to_group', optionId: 4, overflow: false },
  ]

  for (const { actionType, optionId, overflow } of cases) {
    for (const spillId of [1, 2, 3, 4, 5, 6, 7] as const) {
      for (const condition of ['available', 'busy', 'offline'] as const) {
        const spills = overflow && SPILL_CONDITIONS[spillId]!.includes(condition)
        const expected = condition === 'available' ? 'assigned to the first target' : spills ? 'overflows to the next rule' : condition === 'busy' ? 'queues for the first target' : 'is offline'
        it(`${actionType} optionId ${optionId} spillId ${spillId}, target ${condition}: ${expected}`, () => {
          const deciId = actionType === 'to_service' ? 'first' : 'g1'
          const routing: RoutingRequest = {
            transferActions: [
              { actionType, deciId, optionId, spillId },
              { actionType: 'to_group', deciId: 'g2', optionId: 4 },
            ],
          }
          const decision = decideRoute(routing, agentsWithFirst(condition))
          if (condition === 'available') {
            expect(decision).toEqual({ kind: 'assign', agentId: 'first', groupId: actionType === 'to_group' ? 'g1' : null })
          } else if (spills) {
            expect(decision).toEqual({ kind: 'assign', agentId: 'spare', groupId: 'g2' })
          } else if (condition === 'busy') {
            expect(decision).toEqual(
              actionType === 'to_service' ? { kind: 'queue', agentId: 'first', groupId: null } : { kind: 'queue', agentId: null, groupId: 'g1' },
            )
          } else {
            expect(decision).toEqual({ kind: 'offline' })
          }
        })
      }
    }
  }

  it('an overflow rule without spillId overflows on any condition (smart)', () => {
    for (const condition of ['busy', 'offline'] as const) {
      const routing: RoutingRequest = {
        transferActions: [
          { actionType: 'to_service', deciId: 'first', optionId: 1 },
          { actionType: 'to_group', deciId: 'g2', optionId: 4 },
        ],
      }
      expect(decideRoute(routing, agentsWithFirst(condition))).toEqual({ kind: 'assign', agentId: 'spare', groupId: 'g2' })
    }
  })

  it('a no-overflow rule stops there even when the next rule could serve', () => {
    const routing: RoutingRequest = {
      transferActions: [
        { actionType: 'to_service', deciId: 'first', optionId: 2, spillId: 3 },
        { actionType: 'to_group', deciId: 'g2', optionId: 4 },
      ],
    }
    expect(decideRoute(routing, agentsWithFirst('offline'))).toEqual({ kind: 'offline' })
    expect(decideRoute(routing, agentsWithFirst('busy'))).toEqual({ kind: 'queue', agentId: 'first', groupId: null })
  })

  it('walks a chain of rules until one serves', () => {
    const routing: RoutingRequest = {
      transferActions: [
        { actionType: 'to_service', deciId: 'first', optionId: 1, spillId: 2 },
        { actionType: 'to_group', deciId: 'g1', optionId: 3, spillId: 4 },
        { actionType: 'to_group', deciId: 'g2', optionId: 4 },
      ],
    }
    // "first" is busy (overflow on busy), group g1 only has "first"… who is online, so g1 is busy, not offline: no overflow.
    expect(decideRoute(routing, agentsWithFirst('busy'))).toEqual({ kind: 'queue', agentId: null, groupId: 'g1' })
    // With g1 empty of online agents the chain reaches g2.
    const agents = [agent('first', { ...stateOf('busy') }), agent('ghost', { presence: 'offline', groupIds: ['g1'] }), agent('spare', { groupIds: ['g2'] })]
    expect(decideRoute(routing, agents)).toEqual({ kind: 'assign', agentId: 'spare', groupId: 'g2' })
  })

  it('the last rule never overflows: it queues or goes offline', () => {
    const only = (spillId: 1 | 2 | 3): RoutingRequest => ({ transferActions: [{ actionType: 'to_service', deciId: 'first', optionId: 1, spillId }] })
    expect(decideRoute(only(2), agentsWithFirst('busy'))).toEqual({ kind: 'queue', agentId: 'first', groupId: null })
    expect(decideRoute(only(1), agentsWithFirst('offline'))).toEqual({ kind: 'offline' })
  })

  it('overflowing into a busy no-overflow rule queues for that rule’s target', () => {
    const routing: RoutingRequest = {
      transferActions: [
        { actionType: 'to_service', deciId: 'first', optionId: 1, spillId: 1 },
        { actionType: 'to_group', deciId: 'g2', optionId: 4 },
      ],
    }
    const agents = [agent('first', stateOf('offline')), agent('spare', { ...stateOf('busy'), groupIds: ['g2'] })]
    expect(decideRoute(routing, agents)).toEqual({ kind: 'queue', agentId: null, groupId: 'g2' })
  })

  it('a group with one agent offline and one at capacity is busy, not offline; a self-declared busy agent too', () => {
    const routing: RoutingRequest = {
      transferActions: [
        { actionType: 'to_group', deciId: 'g1', optionId: 3, spillId: 4 },
        { actionType: 'to_group', deciId: 'g2', optionId: 4 },
      ],
    }
    const spare = agent('spare', { groupIds: ['g2'] })
    const mixed = [agent('off', { presence: 'offline', groupIds: ['g1'] }), agent('full', { load: 2, capacity: 2, groupIds: ['g1'] }), spare]
    expect(decideRoute(routing, mixed)).toEqual({ kind: 'queue', agentId: null, groupId: 'g1' })
    const declaredBusy = [agent('away', { presence: 'busy', groupIds: ['g1'] }), spare]
    expect(decideRoute(routing, declaredBusy)).toEqual({ kind: 'queue', agentId: null, groupId: 'g1' })
    // spillId 5 (all busy) does overflow from those.
    const onBusy: RoutingRequest = { transferActions: [{ ...routing.transferActions![0]!, spillId: 5 }, routing.transferActions![1]!] }
    expect(decideRoute(onBusy, mixed)).toEqual({ kind: 'assign', agentId: 'spare', groupId: 'g2' })
    expect(decideRoute(onBusy, declaredBusy)).toEqual({ kind: 'assign', agentId: 'spare', groupId: 'g2' })
  })

  it('transfer_action wins over agentId and groupId', () => {
    const routing: RoutingRequest = { agentId: 'first', agentModeFlag: 1, groupId: 'g1', transferActions: [{ actionType: 'to_group', deciId: 'g2', optionId: 4 }] }
    expect(decideRoute(routing, agentsWithFirst('available'))).toEqual({ kind: 'assign', agentId: 'spare', groupId: 'g2' })
  })
})

describe('decideRoute: designated agent (agentid + agent_mode_flag)', () => {
  const others = [agent('other', { load: 1 }), agent('idle', { groupIds: ['g1'] })]

  for (const flag of [0, 1] as const) {
    it(`agent_mode_flag ${flag}: the designated agent is chosen over less loaded ones when available`, () => {
      const agents = [agent('me', { load: 2, capacity: 3 }), ...others]
      expect(decideRoute({ agentId: 'me', agentModeFlag: flag }, agents)).toEqual({ kind: 'assign', agentId: 'me', groupId: null })
    })

    it(`agent_mode_flag ${flag}: a busy designated agent means waiting for him`, () => {
      const agents = [agent('me', stateOf('busy')), ...others]
      expect(decideRoute({ agentId: 'me', agentModeFlag: flag }, agents)).toEqual({ kind: 'queue', agentId: 'me', groupId: null })
    })
  }

  it('agent_mode_flag 1: the designated agent offline → offline, even with others idle', () => {
    expect(decideRoute({ agentId: 'me', agentModeFlag: 1 }, [agent('me', stateOf('offline')), ...others])).toEqual({ kind: 'offline' })
    expect(decideRoute({ agentId: 'nobody', agentModeFlag: 1 }, others)).toEqual({ kind: 'offline' })
  })

  it('agent_mode_flag 0: the designated agent offline → the least loaded other agent', () => {
    expect(decideRoute({ agentId: 'me', agentModeFlag: 0 }, [agent('me', stateOf('offline')), ...others])).toEqual({ kind: 'assign', agentId: 'idle', groupId: null })
  })

  it('no agent_mode_flag behaves as 0', () => {
    expect(decideRoute({ agentId: 'me' }, [agent('me', stateOf('offline')), ...others])).toEqual({ kind: 'assign', agentId: 'idle', groupId: null })
  })

  it('agent_mode_flag 0 with a groupid falls back within the group only', () => {
    const agents = [agent('me', stateOf('offline')), agent('outsider'), agent('member', { load: 2, groupIds: ['g1'] })]
    expect(decideRoute({ agentId: 'me', agentModeFlag: 0, groupId: 'g1' }, agents)).toEqual({ kind: 'assign', agentId: 'member', groupId: 'g1' })
    const groupOffline = [agent('me', stateOf('offline')), agent('outsider'), agent('member', { presence: 'offline', groupIds: ['g1'] })]
    expect(decideRoute({ agentId: 'me', agentModeFlag: 0, groupId: 'g1' }, groupOffline)).toEqual({ kind: 'offline' })
  })
})

describe('decideRoute: group only and anybody', () => {
  it('a group request goes to the least loaded member, never outside the group', () => {
    const agents = [agent('outsider'), agent('m1', { load: 2, groupIds: ['g1'] }), agent('m2', { load: 1, groupIds: ['g1', 'g2'] })]
    expect(decideRoute({ groupId: 'g1' }, agents)).toEqual({ kind: 'assign', agentId: 'm2', groupId: 'g1' })
  })

  it('a busy group queues for the group; an offline group is offline even with others idle', () => {
    expect(decideRoute({ groupId: 'g1' }, [agent('outsider'), agent('m1', { ...stateOf('busy'), groupIds: ['g1'] })])).toEqual({ kind: 'queue', agentId: null, groupId: 'g1' })
    expect(decideRoute({ groupId: 'g1' }, [agent('outsider'), agent('m1', { ...stateOf('offline'), groupIds: ['g1'] })])).toEqual({ kind: 'offline' })
    expect(decideRoute({ groupId: 'g-unknown' }, [agent('outsider')])).toEqual({ kind: 'offline' })
  })

  it('no preference: anybody available; all busy → the general queue; nobody online or nobody at all → offline', () => {
    expect(decideRoute({}, [agent('a', { load: 1 }), agent('b')])).toEqual({ kind: 'assign', agentId: 'b', groupId: null })
    expect(decideRoute({}, [agent('a', stateOf('busy')), agent('b', stateOf('offline'))])).toEqual({ kind: 'queue', agentId: null, groupId: null })
    expect(decideRoute({}, [agent('a', { presence: 'busy' })])).toEqual({ kind: 'queue', agentId: null, groupId: null })
    expect(decideRoute({}, [agent('a', stateOf('offline'))])).toEqual({ kind: 'offline' })
    expect(decideRoute({}, [])).toEqual({ kind: 'offline' })
  })
})

describe('pickAgent, isAvailable, canServe', () => {
  it('only online agents below capacity are available', () => {
    const cases: [AgentPresence, number, number, boolean][] = [
      ['online', 0, 1, true],
      ['online', 2, 3, true],
      ['online', 3, 3, false],
      ['online', 0, 0, false],
      ['busy', 0, 3, false],
      ['offline', 0, 3, false],
    ]
    for (const [presence, load, capacity, available] of cases) expect(isAvailable(agent('x', { presence, load, capacity })), `${presence} ${load}/${capacity}`).toBe(available)
  })

  it('picks the lowest load relative to capacity', () => {
    // a: 1/2 = 50 %, b: 1/4 = 25 %, c: 0/1 = 0 % but offline.
    const picked = pickAgent([agent('a', { load: 1, capacity: 2 }), agent('b', { load: 1, capacity: 4 }), agent('c', { presence: 'offline', capacity: 1 })])
    expect(picked?.agentId).toBe('b')
  })

  it('breaks a load tie by who was given a chat longest ago, then by id', () => {
    // Ids chosen so that the id order disagrees with the lastAssignedAt order.
    const recent = agent('a-recent', { load: 1, lastAssignedAt: 2000 })
    const longAgo = agent('z-long-ago', { load: 1, lastAssignedAt: 1000 })
    expect(pickAgent([recent, longAgo])?.agentId).toBe('z-long-ago')
    expect(pickAgent([longAgo, recent])?.agentId).toBe('z-long-ago')
    expect(pickAgent([agent('zed'), agent('amy')])?.agentId).toBe('amy')
    // Load beats the tie-break.
    expect(pickAgent([agent('never', { load: 2, lastAssignedAt: 0 }), agent('justNow', { load: 1, lastAssignedAt: 9999 })])?.agentId).toBe('justNow')
  })

  it('returns undefined when nobody is available, and does not reorder its input', () => {
    const input = [agent('b', { load: 1 }), agent('a', stateOf('busy'))]
    expect(pickAgent([agent('a', stateOf('busy')), agent('b', stateOf('offline'))])).toBeUndefined()
    expect(pickAgent([])).toBeUndefined()
    pickAgent(input)
    expect(input.map((a) => a.agentId)).toEqual(['b', 'a'])
  })

  it('canServe: a designated agent only that agent, a group only its members, otherwise anybody', () => {
    const member = agent('m', { groupIds: ['g1'] })
    const other = agent('o', { groupIds: ['g2'] })
    expect(canServe(member, { agentId: 'm', groupId: null })).toBe(true)
    expect(canServe(other, { agentId: 'm', groupId: null })).toBe(false)
    expect(canServe(member, { agentId: null, groupId: 'g1' })).toBe(true)
    expect(canServe(other, { agentId: null, groupId: 'g1' })).toBe(false)
    expect(canServe(other, { agentId: null, groupId: null })).toBe(true)
    // The designated agent wins over the group: only he may take it, group or not.
    expect(canServe(other, { agentId: 'o', groupId: 'g1' })).toBe(true)
    expect(canServe(member, { agentId: 'o', groupId: 'g1' })).toBe(false)
  })
})
