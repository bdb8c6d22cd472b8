import { describe, expect, it } from 'vitest'
import { ValidationError } from '@kefu/core'
import { validateVisitorIdentity } from '@kefu/core/identity'

describe('validateVisitorIdentity', () => {
  it('accepts the Sobot seed’s CRM example and custom fields as JSON strings', () => {
    const identity = validateVisitorIdentity({
      partnerid: 'u-1',
      sign: 'a'.repeat(32),
      uname: '小丁哥',
      realname: '丁丁猫',
      tel: '18888888888',
      email: 'dingmao@163.com',
      qq: '2345678',
      face: 'https://img.sobot.com/console/common/face/admin.png',
      remark: 'vip客户,每次响应不能超过5秒钟',
      params: JSON.stringify({ 等级: 'Boss', 惯称: '智齿sobot', 来自: '北京' }),
      customer_fields: { customField4: '北京智齿科技' },
      is_vip: '1' as never,
      vip_level: '05bcdc56e68149d1841962caf593d077',
      user_label: 'vip',
      myData: 'order=1',
    })
    expect(identity.params).toEqual({ 等级: 'Boss', 惯称: '智齿sobot', 来自: '北京' })
    expect(identity.customer_fields).toEqual({ customField4: '北京智齿科技' })
    expect(identity.is_vip).toBe(1)
    expect(identity.uname).toBe('小丁哥')
  })

  it('takes Echat’s gender, age and wechat, numbers given as digit strings too', () => {
    expect(validateVisitorIdentity({ gender: 2, age: 31, wechat: 'wxid_abc' })).toEqual({ gender: 2, age: 31, wechat: 'wxid_abc' })
    expect(validateVisitorIdentity({ gender: '1' as never, age: '0' as never })).toEqual({ gender: 1, age: 0 })
    expect(validateVisitorIdentity({ gender: 0, age: 150, wechat: 'w'.repeat(64) })).toEqual({ gender: 0, age: 150, wechat: 'w'.repeat(64) })
  })

  it('drops empty values', () => {
    expect(validateVisitorIdentity({ uname: '', tel: undefined, qq: null as never })).toEqual({})
  })

  it('reads a sign timestamp given as a number or a digit string', () => {
    expect(validateVisitorIdentity({ partnerid: 'p', sign: 'x', timestamp: '1700000000' }).timestamp).toBe(1_700_000_000)
    expect(validateVisitorIdentity({ partnerid: 'p', sign: 'x', timestamp: 1_700_000_000 }).timestamp).toBe(1_700_000_000)
  })

  it.each([
    [{ sign: 'x' }, 'sign', 'needs partnerid'],
    [{ partnerid: 'x'.repeat(301) }, 'partnerid', 'must be at most 300 characters'],
    [{ email: 'not-mail' }, 'email', 'is not an e-mail address'],
    [{ face: 'javascript:alert(1)' }, 'face', 'must be an http(s) URL'],
    [{ params: '{bad json' }, 'params', 'must be an object (or its JSON) with at most 50 fields'],
    [{ params: '[1,2]' }, 'params', 'must be an object (or its JSON) with at most 50 fields'],
    [{ customer_fields: { a: { nested: true } } }, 'customer_fields', 'values must be strings, numbers or booleans'],
    [{ is_vip: 2 }, 'is_vip', 'must be 0 or 1'],
    [{ uname: { toString: () => 'x' } }, 'uname', 'must be a string'],
    [{ password: 'x' }, 'password', 'is not an identity field'],
    [{ gender: 3 }, 'gender', 'must be a whole number from 0 to 2'],
    [{ gender: 'male' }, 'gender', 'must be a whole number from 0 to 2'],
    [{ gender: 1.5 }, 'gender', 'must be a whole number from 0 to 2'],
    [{ age: 151 }, 'age', 'must be a whole number from 0 to 150'],
    [{ age: -1 }, 'age', 'must be a whole number from 0 to 150'],
    [{ age: 30.5 }, 'age', 'must be a whole number from 0 to 150'],
    [{ age: '3e1' }, 'age', 'must be a whole number from 0 to 150'],
    [{ age: true }, 'age', 'must be a whole number from 0 to 150'],
    [{ wechat: 'w'.repeat(65) }, 'wechat', 'must be at most 64 characters'],
    [{ partnerid: 'p', sign: 'x', timestamp: -1 }, 'timestamp', 'must be whole seconds since the epoch'],
    [{ partnerid: 'p', sign: 'x', timestamp: 1.5 }, 'timestamp', 'must be whole seconds since the epoch'],
    [{ partnerid: 'p', sign: 'x', timestamp: '1e9' }, 'timestamp', 'must be whole seconds since the epoch'],
    [{ partnerid: 'p', timestamp: 1_700_000_000 }, 'timestamp', 'needs sign'],
  ])('rejects %j', (input, path, message) => {
    try {
      validateVisitorIdentity(input)
      expect.unreachable()
    } catch (error) {
      expect(error).toBeInstanceOf(ValidationError)
      expect((error as ValidationError).code).toBe('invalid_identity')
      expect((error as ValidationError).issues).toEqual([{ path, message }])
    }
  })

  it('reports every problem at once', () => {
    expect(() => validateVisitorIdentity({ sign: 'x', email: 'y' })).toThrow('sign: needs partnerid; email: is not an e-mail address')
    expect(() => validateVisitorIdentity('nope')).toThrow(ValidationError)
  })
})
