import type { AgentServerFrame, LeaveMessageRecord } from '@kefu/core'
import pino from 'pino'
import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate } from '../src/db/migrate'
import { MIGRATIONS } from '../src/db/migrations'
import { pgliteDatabase } from '../src/db/pgliteDatabase'
import { listLeaveMessages } from '../src/store/leaveMessageStore'
import { DATABASES, eventually, startHarness, type AgentTestClient, type Harness } from './harness'
import { RawSocket } from './rawSocket'

type Frame<T extends AgentServerFrame['type']> = Extract<AgentServerFrame, { type: T }>

// The seed's 工单插件 params, as the standalone leave-message page sends them.
const CARD = {
  card_title: '云客服_智齿客服',
  card_url: 'http://www.sobot.com',
  card_desc: '云客服,在线客服系统,云呼叫中心,机器人客服,工单客服,智能客服',
  card_note: '1500元',
  card_picture: 'https://img.sobot.com/console/common/face/admin.png',
  order_no: 'SO-12617',
}

describe.each(DATABASES)('leave messages: template, group, source and params fields (%s)', (database) => {
  let h: Harness
  let amy: { agentId: string; token: string }
  let desk: AgentTestClient
  let afterSales: string
  const logLines: { msg: string; groupId?: string }[] = []

  beforeAll(async () => {
    const logger = pino({ level: 'warn' }, { write: (line: string) => void logLines.push(JSON.parse(line)) })
    h = await startHarness(database, { companySettings: { receptionMode: 2 }, server: { logger } })
    amy = await h.addAgent({ email: `amy-${h.companyId}@example.com`, name: 'Amy' })
    afterSales = await h.addGroup('售后')
    desk = await h.agent(amy.token)
  })
  afterAll(() => h?.close())

  const leave = async (input: Parameters<ReturnType<Harness['visitor']>['leaveMessage']>[0]) => {
    const visitor = h.visitor()
    visitor.connect()
    await visitor.leaveMessage(input)
    const { leaveMessage } = await desk.waitFor<Frame<'leaveMessage'>>((f) => f.type === 'leaveMessage' && f.leaveMessage.content === input.content)
    return leaveMessage
  }
  const listed = async (): Promise<LeaveMessageRecord[]> => {
    const res = await h.http('GET', '/api/v1/leave-messages', { token: amy.token })
    expect(res.status).toBe(200)
    return res.body
  }

  it('keeps everything the Sobot page sends: the agent frame and the REST list carry template, group, source (as a string) and fields', async () => {
    const content = `发票抬头开错了 ${randomBytes(3).toString('hex')}`
    const record = await leave({ content, name: '张三', tel: '13800000000', templateId: 'tpl-invoice', groupId: afterSales, source: 9, fields: CARD })
    expect(record).toMatchObject({ content, name: '张三', tel: '13800000000', templateId: 'tpl-invoice', groupId: afterSales, source: '9', fields: CARD })
    expect((await listed()).find((m) => m.id === record.id)).toEqual(record)
    const [row] = await h.server.context.db.query<{ group_id: string; source: string; fields: unknown }>('SELECT group_id, source, fields FROM leave_messages WHERE id = $1', [record.id])
    expect(row).toEqual({ group_id: afterSales, source: '9', fields: CARD })
  })

  it('a message without the new fields has none of them (absent, not empty), and a string source is kept as given', async () => {
    const plain = await leave({ content: `只有内容 ${randomBytes(3).toString('hex')}`, email: 'ann@example.com' })
    for (const key of ['templateId', 'groupId', 'source', 'fields'] as const) expect(plain).not.toHaveProperty(key)
    const [row] = await h.server.context.db.query<Record<string, unknown>>('SELECT template_id, group_id, source, fields FROM leave_messages WHERE id = $1', [plain.id])
    expect(row).toEqual({ template_id: null, group_id: null, source: null, fields: null })

    const fromString = await leave({ content: `字符串来源 ${randomBytes(3).toString('hex')}`, source: 'wx-10', fields: {} })
    expect(fromString.source).toBe('wx-10')
    expect(fromString).not.toHaveProperty('fields')
  })

  it("a group the company does not have (unknown, or another company's) is stored as null, with a warning in the log", async () => {
    const otherCompany = `o${randomBytes(4).toString('hex')}`
    await h.addCompany(otherCompany)
    const foreign = await h.addGroup('Other shop', otherCompany)
    for (const groupId of ['g-after-sales', foreign]) {
      const record = await leave({ content: `未知技能组 ${groupId}`, groupId, source: 9 })
      expect(record).not.toHaveProperty('groupId')
      expect(record.source).toBe('9')
      const [row] = await h.server.context.db.query<{ group_id: string | null }>('SELECT group_id FROM leave_messages WHERE id = $1', [record.id])
      expect(row).toEqual({ group_id: null })
      await eventually(() => expect(logLines.some((l) => l.groupId === groupId && /group the company does not have/.test(l.msg))).toBe(true))
    }
  })

  it('bad fields, links and sources are refused with a clear error frame, and nothing is stored', async () => {
    const socket = await RawSocket.open(`${h.wsUrl}/ws/visitor`)
    const welcome = await socket.hello(h.companyId)
    expect(welcome.type).toBe('welcome')
    const before = (await listed()).length
    const many = Object.fromEntries(Array.from({ length: 31 }, (_, i) => [`f${i}`, 'x']))
    const refused: [object, string, string][] = [
      [{ fields: { ...CARD, card_url: 'javascript:alert(1)' } }, 'leaveMessage.fields.card_url', 'card_url must be an http(s) URL'],
      [{ fields: { card_picture: 'data:image/png;base64,AAAA' } }, 'leaveMessage.fields.card_picture', 'card_picture must be an http(s) URL'],
      [{ fields: { card_url: '/files/f1' } }, 'leaveMessage.fields.card_url', 'card_url must be an http(s) URL'],
      [{ fields: { card_url: 'https://shop.example/"><script>' } }, 'leaveMessage.fields.card_url', 'card_url must be an http(s) URL'],
      [{ fields: { card_desc: 'x'.repeat(2001) } }, 'leaveMessage.fields.card_desc', 'card_desc must be at most 2000 characters'],
      [{ fields: many }, 'leaveMessage.fields', 'at most 30 fields'],
      [{ fields: { card_note: 1500 } }, 'leaveMessage.fields.card_note', ''],
      [{ fields: { ['k'.repeat(65)]: 'v' } }, 'leaveMessage.fields', ''],
      [{ source: '<script>' }, 'leaveMessage.source', ''],
      [{ source: -1 }, 'leaveMessage.source', ''],
      [{ groupId: 'g'.repeat(65) }, 'leaveMessage.groupId', ''],
    ]
    for (const [extra, path, message] of refused) {
      const reply = await socket.request({ type: 'leaveMessage', leaveMessage: { content: 'should not be stored', ...extra } })
      expect(reply, JSON.stringify(extra).slice(0, 80)).toMatchObject({ type: 'error', code: 'bad_frame', message: 'invalid "leaveMessage" frame' })
      const issues = (reply as unknown as { issues: { path: string; message: string }[] }).issues
      expect(issues.some((i) => i.path.startsWith(path) && i.message.includes(message)), JSON.stringify(issues)).toBe(true)
    }
    expect((await listed()).length).toBe(before)
    expect((await listed()).some((m) => m.content === 'should not be stored')).toBe(false)
    socket.close()
  })
})

describe('migration 3 on a database that already has leave messages', () => {
  it('adds group_id, source and fields; the stored messages read as before, without them', async () => {
    const db = await pgliteDatabase()
    try {
      // The schema as shipped before this migration: 1 and 2 applied.
      await db.exec('CREATE TABLE schema_migrations (id int PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)')
      for (const migration of MIGRATIONS.filter((m) => m.id <= 2)) {
        for (const statement of migration.statements) await db.query(statement)
        await db.query('INSERT INTO schema_migrations (id, name, applied_at) VALUES ($1, $2, 0)', [migration.id, migration.name])
      }
      await db.query(`INSERT INTO companies (id, name, sign_key, meta_key, created_at) VALUES ('old', 'Old shop', 'k', 'm', 0)`)
      await db.query(`INSERT INTO visitors (id, company_id, first_seen_at, last_seen_at) VALUES ('v-old', 'old', 0, 0)`)
      await db.query(
        `INSERT INTO leave_messages (id, company_id, visitor_id, content, tel, template_id, created_at) VALUES ('lm-old', 'old', 'v-old', '旧留言', '138', 'tpl-1', 5)`,
      )

      expect(await migrate(db)).toEqual(MIGRATIONS.filter((m) => m.id >= 3).map((m) => m.id))
      // Without migration 3's fields; migration 12's workflow reads an old message as new, unassigned, unanswered.
      expect(await listLeaveMessages(db, 'old')).toEqual([
        { id: 'lm-old', visitorId: 'v-old', content: '旧留言', tel: '138', templateId: 'tpl-1', createdAt: 5, status: 'new', assigneeId: null, replies: [] },
      ])
      expect(await migrate(db)).toEqual([])
    } finally {
      await db.close()
    }
  })
})
