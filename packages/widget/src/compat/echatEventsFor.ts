import type { Locale } from '../i18n/locale'
import { getChatStatusLabel, isUnreadFor, type ChatEventMap, type ChatSnapshot } from '@kefu/core'
import type { EchatEvent, EchatEventAction, EchatPhaseLabel } from './echatEvent'
import { echatStaffInfo } from './echatStaffInfo'
import { messageLabel } from './messageLabel'

/** The client events that have an Echat counterpart. */
/** The core client events that become Echat `newEvent` payloads: subscribe to each, pass it here. */
export const ECHAT_SOURCE_EVENTS = [
  'statusChange',
  'staffChange',
  'staffStatus',
  'message',
  'queuePosition',
  'evaluation',
  'windowChange',
  'trackInfo',
  'visitorSendMsg',
] as const

export type EchatSourceEvent = (typeof ECHAT_SOURCE_EVENTS)[number]

/** The account `echatPageStatus` reports when the window opens. */
export interface EchatPageContext {
  readonly companyId: number | string
  readonly companyName: string
  /** The visitor's language, for system notices in `newMsg`. */
  readonly locale?: Locale
}

/** The label type of an action (template actions like `Chat_Evaluate_5` included). */
type LabelOf<A extends EchatEventAction> = EchatEvent extends infer E
  ? E extends { eventAction: infer X; eventLabel: infer L }
    ? A extends X
      ? L
      : never
    : never
  : never

const echat = <A extends EchatEventAction>(eventAction: A, eventLabel: LabelOf<A>) =>
  ({ eventCategory: 'echat', eventAction, eventLabel }) as EchatEvent
const analytics = <A extends EchatEventAction>(eventAction: A, eventLabel: LabelOf<A>) =>
  ({ eventCategory: 'analytics', eventAction, eventLabel }) as EchatEvent

/** The analytics event for a click on the chat button; the client cannot tell a click from a script. */
export const echatButtonClicked = (): EchatEvent => analytics('Button Clicked', '')

/**
 * The Echat `newEvent` payloads for one client event, in the order Echat sends them; `snapshot` is the
 * client's snapshot when the event fired (`client.getSnapshot()` inside the listener).
 */
export function echatEventsFor<K extends EchatSourceEvent>(
  name: K,
  payload: ChatEventMap[K],
  snapshot: ChatSnapshot,
  page: EchatPageContext = { companyId: '', companyName: '' },
): EchatEvent[] {
  const p = payload as ChatEventMap[EchatSourceEvent]
  switch (name) {
    case 'statusChange': {
      const { status, previous } = p as ChatEventMap['statusChange']
      const label = getChatStatusLabel(status)
      const events: EchatEvent[] = []
      // bot → chatting keeps the label; ended → ended is only the evaluation being given.
      if (label && label !== getChatStatusLabel(previous) && !(status.name === 'ended' && previous.name === 'ended')) {
        events.push(echat('chatStatus', label))
      }
      if (status.name === 'chatting') events.push(analytics('Served by Agent', snapshot.staff?.staffNickName ?? ''))
      return events
    }
    case 'staffChange': {
      const { staff } = p as ChatEventMap['staffChange']
      return staff ? [echat('chatStaffInfo', JSON.stringify(echatStaffInfo(staff)))] : []
    }
    case 'staffStatus':
      return [echat('staffStatus', (p as ChatEventMap['staffStatus']).online ? 1 : 2)]
    case 'message': {
      const message = p as ChatEventMap['message']
      // History the visitor has read is not new; the visitor's own messages are `visitorSendMsg`.
      return isUnreadFor(message, snapshot.readSeq) ? [echat('newMsg', messageLabel(message.body, page.locale, snapshot.staff?.staffNickName))] : []
    }
    case 'queuePosition':
      return [echat('queuePostion', (p as ChatEventMap['queuePosition']).position)]
    case 'evaluation': {
      const { evaluation } = p as ChatEventMap['evaluation']
      const record = evaluation.submitted
      if (evaluation.status === 'submitted' && record) {
        const label: EchatPhaseLabel = record.phase === 'ended' ? 'end' : 'chating'
        const events = [
          echat('visitorEvaluate', `1-${record.phase === 'ended' ? 2 : 1}`),
          analytics(`Chat_Evaluate_${record.score}`, label),
        ]
        if (record.comment) events.push(analytics('Chat_Comment_submit', label))
        return events
      }
      if (evaluation.status === 'dismissed') {
        const ended = snapshot.status.name === 'ended'
        return [echat('visitorEvaluate', `0-${ended ? 2 : 1}`), analytics('Chat_Evaluate_Cancel', ended ? 'end' : 'chating')]
      }
      return []
    }
    case 'windowChange': {
      const { window, previous } = p as ChatEventMap['windowChange']
      // Echat knows two page states: open, and hidden (minimized or closed).
      if ((window === 'open') === (previous === 'open')) return []
      if (window === 'open') {
        const eventValue = { companyId: page.companyId, companyName: page.companyName }
        return [{ act: 100, eventAction: 'echatPageStatus', eventLabel: { event: 7, eventValue }, eventCategory: 'echat' }]
      }
      return [
        { act: 100, eventAction: 'echatPageStatus', eventLabel: { event: 8, eventValue: '' }, eventCategory: 'echat' },
        echat('visitorHide', ''),
      ]
    }
    case 'trackInfo':
      return [echat('visitorTrackInfo', JSON.stringify(p))]
    case 'visitorSendMsg':
      return [echat('visitorSendMsg', JSON.stringify(p))]
  }
  return []
}
