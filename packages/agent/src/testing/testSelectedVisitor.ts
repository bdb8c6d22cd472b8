import type { SelectedVisitor } from '../bridgeProtocol'

/** A selected visitor for tests: a chatting anonymous visitor, with your changes. */
export function testSelectedVisitor(visitorId = 'v_test', overrides: Partial<SelectedVisitor> = {}): SelectedVisitor {
  return {
    chatStatus: 1,
    metaData: '',
    myData: '',
    visitorData: { visitorId },
    routeData: { echatTag: '' },
    chatData: { recordId: `c_${visitorId}`, chatStatus: '1' },
    crmData: {},
    proof: null,
    ...overrides,
  }
}
