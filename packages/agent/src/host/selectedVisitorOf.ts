import type { ConversationSummary, VisitorProfile } from '@kefu/core'
import type { ContextProof, SelectedVisitor } from '../bridgeProtocol'

type Fields = Record<string, string | number | boolean | null | undefined>

/** Only the fields that have a value, as strings (they travel as GET parameters). */
function strings(fields: Fields): Readonly<Record<string, string>> {
  const out: Record<string, string> = {}
  for (const [key, value] of Object.entries(fields)) {
    if (value === undefined || value === null || value === '') continue
    out[key] = typeof value === 'boolean' ? (value ? '1' : '0') : String(value)
  }
  return Object.freeze(out)
}

/**
 * What a plugin is told about the visitor the agent selected (Echat `onSelectVisitor`, and the GET
 * parameters of a plugin page), with the seed's field names. `conversation` is the visitor's current or
 * latest conversation, `null` when there is none; `proof` the server's signed statement of the selection.
 */
export function selectedVisitorOf(
  visitor: VisitorProfile,
  conversation: ConversationSummary | null,
  proof: ContextProof | null,
): SelectedVisitor {
  const chatStatus = conversation === null ? 0 : conversation.status === 'ended' ? 2 : 1
  const track = visitor.trackInfo
  const entry = visitor.entry
  return Object.freeze({
    chatStatus,
    metaData: visitor.metaData ?? '',
    myData: visitor.myData ?? '',
    visitorData: strings({
      visitorId: visitor.visitorId,
      partnerId: visitor.partnerid,
      visitorName: visitor.crm.realname ?? visitor.crm.uname,
      nickName: visitor.crm.uname,
      vip: visitor.isVip,
      vipLevel: visitor.vipLevel,
      userLabel: visitor.userLabel,
      online: visitor.online,
    }),
    routeData: strings({
      echatTag: entry.echatTag,
      routeEntranceId: entry.routeEntranceId,
      enterUrl: entry.enterUrl,
      enterTitle: entry.enterTitle,
      firstUrl: track?.firstUrl ?? entry.firstUrl,
      referrer: track?.referrer ?? entry.referrer,
      searcher: track?.searcher,
      keyword: track?.keyword,
      keywordType: track?.keywordType,
      country: track?.country,
      province: track?.province,
      city: track?.city,
      lan: entry.lan,
    }),
    chatData:
      conversation === null
        ? strings({})
        : strings({
            recordId: conversation.conversationId,
            staffId: conversation.agentId,
            groupId: conversation.groupId,
            chatStatus,
            startTime: conversation.startedAt ?? conversation.createdAt,
            endTime: conversation.endedAt,
            chatSign: conversation.chatSign,
          }),
    crmData: strings({
      name: visitor.crm.realname,
      nickName: visitor.crm.uname,
      gender: visitor.crm.gender,
      age: visitor.crm.age,
      phone: visitor.crm.tel,
      email: visitor.crm.email,
      qq: visitor.crm.qq,
      wechat: visitor.crm.wechat,
      memo: visitor.crm.remark,
    }),
    proof,
  })
}
