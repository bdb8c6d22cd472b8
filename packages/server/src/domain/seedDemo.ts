import type { Database } from '../db/Database'
import { hashPassword } from '../security'
import { findAgentByEmail, insertAgent, setAgentGroups } from '../store/agentStore'
import { findCompany, type Company } from '../store/companyStore'
import { insertFaq } from '../store/faqStore'
import { insertGroup } from '../store/groupStore'
import { insertQuickReply } from '../store/quickReplyStore'
import { createCompany } from './createCompany'

export const DEMO = {
  companyId: 'demo',
  companyName: '演示商店',
  password: 'kefu-demo-2026',
  agents: [
    { email: 'amy@demo.kefu.local', name: '艾米', role: 'admin' as const },
    { email: 'ben@demo.kefu.local', name: '小本', role: 'agent' as const },
  ],
  group: '售前',
  // One language per entry, so a bot answer never mixes Chinese and English in one bubble; a visitor's
  // question in either language matches its own entry.
  faqs: [
    { question: '多久发货？', answer: '现货订单 24 小时内发货，一般 2–4 天送达。', keywords: '发货 快递 物流 几天' },
    { question: '怎么退货？', answer: '签收后 7 天内可无理由退货，在“我的订单”里申请即可。', keywords: '退货 退款 换货' },
    { question: '支持哪些付款方式？', answer: '支持微信支付、支付宝和银行卡。', keywords: '付款 支付 微信 支付宝' },
    { question: '尺码怎么选？', answer: '每个商品页都有尺码表；拿不准时建议选大一码。', keywords: '尺码 大小 码数' },
    { question: 'How long does shipping take?', answer: 'In-stock orders ship within 24 hours and arrive in 2–4 days.', keywords: 'shipping delivery ship' },
    { question: 'How do I return an item?', answer: 'You can return any item within 7 days of delivery from “My orders”.', keywords: 'return refund exchange' },
    { question: 'Which payment methods do you accept?', answer: 'We accept WeChat Pay, Alipay and bank cards.', keywords: 'payment pay alipay wechat' },
    { question: 'How do I choose my size?', answer: 'Every product page has a size chart; when in doubt, take one size up.', keywords: 'size fit' },
  ],
  quickReplies: [
    { title: '问候', text: '您好，很高兴为您服务！请问有什么可以帮您？' },
    { title: '稍等', text: '好的，请您稍等，我马上为您查询。' },
    { title: '物流', text: '现货订单 24 小时内发货，发货后您可以在“我的订单”里查看物流进度。' },
    { title: '结束语', text: '感谢您的咨询，祝您购物愉快！如有其他问题，随时联系我们。' },
  ],
}

/** The demo company, two agents in one group, a few FAQ entries and quick replies; does nothing if it exists. */
export async function seedDemo(db: Database): Promise<{ company: Company; created: boolean }> {
  const existing = await findCompany(db, DEMO.companyId)
  if (existing) return { company: existing, created: false }
  const [amy, ben] = DEMO.agents
  const { company, admin } = await createCompany(db, {
    id: DEMO.companyId,
    name: DEMO.companyName,
    settings: { receptionMode: 4, robotName: '小助手 Assistant' },
    admin: { email: amy!.email, name: amy!.name, password: DEMO.password },
  })
  const agent = (await findAgentByEmail(db, company.id, ben!.email)) ??
    (await insertAgent(db, {
      id: 'a_demo_ben',
      companyId: company.id,
      email: ben!.email,
      name: ben!.name,
      passwordHash: await hashPassword(DEMO.password),
      role: 'agent',
      capacity: 5,
    }))
  const group = await insertGroup(db, { id: 'g_demo_presales', companyId: company.id, name: DEMO.group })
  await setAgentGroups(db, company.id, admin.agentId, [group.groupId])
  await setAgentGroups(db, company.id, agent.agentId, [group.groupId])
  for (const [index, faq] of DEMO.faqs.entries()) await insertFaq(db, company.id, { faqId: `f_demo_${index + 1}`, ...faq })
  for (const [index, reply] of DEMO.quickReplies.entries()) {
    await insertQuickReply(db, company.id, { id: `qr_demo_${index + 1}`, ...reply, position: index + 1 })
  }
  return { company, created: true }
}
