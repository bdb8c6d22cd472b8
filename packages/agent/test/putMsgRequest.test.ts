import { describe, expect, it } from 'vitest'
import { readPutMsg } from '../src'
import { parseLenientJson } from '../src/lenientJson'

describe('readPutMsg', () => {
  it("reads the seed's example, whose comma after head is missing", () => {
    const seed = '{ "msg": { "head": {"random": "123456"} "body": [{"type":0, "content":{"text":"你好客服001为您服务"}}] } }'
    expect(readPutMsg(seed)).toEqual({ ok: true, random: '123456', items: [{ type: 'text', text: '你好客服001为您服务' }] })
  })

  it('reads image and news items, objects as well as strings, numeric randoms', () => {
    const doc = {
      msg: {
        head: { random: 42 },
        body: [
          { type: 1, content: { picUrl: 'https://img.example/a.png' } },
          {
            type: 1,
            content: [
              { title: '标题', digest: '摘要', cover: 'https://img.example/c.png', url: 'https://news.example/1' },
              { title: '只有标题' },
            ],
          },
        ],
      },
    }
    const expected = {
      ok: true,
      random: '42',
      items: [
        { type: 'image', url: 'https://img.example/a.png' },
        {
          type: 'news',
          articles: [{ title: '标题', digest: '摘要', cover: 'https://img.example/c.png', url: 'https://news.example/1' }, { title: '只有标题' }],
        },
      ],
    }
    expect(readPutMsg(doc)).toEqual(expected)
    expect(readPutMsg(JSON.stringify(doc))).toEqual(expected)
  })

  it.each([
    ['', ''],
    ['{"msg": 1}', 'msg must be'],
    ['{"msg": {"body": [{"type":0,"content":{"text":"x"}}]}}', 'msg.head.random'],
    ['{"msg": {"head": {"random": ""}, "body": [{"type":0,"content":{"text":"x"}}]}}', 'msg.head.random'],
    ['{"msg": {"head": {"random": "1"}, "body": []}}', 'msg.body must be a non-empty array'],
    ['{"msg": {"head": {"random": "1"}, "body": [{"type":0,"content":{"text":""}}]}}', 'msg.body[0].content.text'],
    ['{"msg": {"head": {"random": "1"}, "body": [{"type":2,"content":{"text":"x"}}]}}', 'msg.body[0].type'],
    ['{"msg": {"head": {"random": "1"}, "body": [{"type":1,"content":{"picUrl":"javascript:x"}}]}}', 'msg.body[0].content.picUrl'],
    ['{"msg": {"head": {"random": "1"}, "body": [{"type":1,"content":[{"digest":"d"}]}]}}', 'msg.body[0].content[0].title'],
    ['{"msg": {"head": {"random": "1"}, "body": [{"type":1,"content":[{"title":"t","url":"data:x"}]}]}}', 'msg.body[0].content[0].url'],
    ['{"msg": {"head": {"random": "1"}, "body": [1]}}', 'msg.body[0] must be an object'],
  ])('refuses %s (%s)', (json, detail) => {
    const result = readPutMsg(json)
    expect(result.ok).toBe(false)
    expect(result.ok === false && result.detail).toContain(detail)
  })
})

describe('parseLenientJson', () => {
  it('parses valid JSON as JSON.parse does', () => {
    expect(parseLenientJson('{"a":[1,2,{"b":"c d"}]}')).toEqual({ a: [1, 2, { b: 'c d' }] })
  })

  it('inserts only the missing commas between values, never inside strings', () => {
    expect(parseLenientJson('{"a": 1 "b": "x } \\" {" "c": [1 2] "d": true}')).toEqual({ a: 1, b: 'x } " {', c: [1, 2], d: true })
  })

  it('refuses what is not JSON even after repair, and never evaluates code', () => {
    expect(parseLenientJson('{a: 1}')).toBeUndefined()
    expect(parseLenientJson("{'a': 1}")).toBeUndefined()
    expect(parseLenientJson('{"a": "unterminated}')).toBeUndefined()
    expect(parseLenientJson('(function(){ globalThis.pwned = 1 })()')).toBeUndefined()
    expect((globalThis as { pwned?: number }).pwned).toBeUndefined()
  })
})
