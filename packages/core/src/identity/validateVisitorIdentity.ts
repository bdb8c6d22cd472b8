import { ValidationError, type ValidationIssue } from '../errors'
import type { NormalizedVisitorIdentity } from '../visitorIdentity'

/** Text fields and their maximum lengths. */
const TEXT_LIMITS: Readonly<Record<string, number>> = {
  partnerid: 300,
  sign: 128,
  metaData: 8192,
  myData: 8192,
  uname: 100,
  realname: 100,
  tel: 40,
  email: 200,
  qq: 20,
  face: 2048,
  remark: 1000,
  wechat: 64,
  vip_level: 100,
  user_label: 200,
}

const MAX_CUSTOM_FIELDS = 50
const MAX_AGE = 150

/**
 * Validates a visitor identity: lengths, JSON custom fields, `sign` with `partnerid` (and `timestamp`,
 * whole seconds, only with `sign`), http(s) `face`,
 * `gender` 0/1/2 (unknown, male, female) and `age` 0–150 (numbers or digit strings, returned as numbers).
 */
export function validateVisitorIdentity(input: unknown): NormalizedVisitorIdentity {
  const issues: ValidationIssue[] = []
  const fail = (path: string, message: string) => void issues.push({ path, message })
  if (!isRecord(input)) fail('', 'must be an object')
  const out: Record<string, unknown> = {}
  for (const [key, value] of Object.entries(isRecord(input) ? input : {})) {
    if (value === undefined || value === null || value === '') continue
    const limit = TEXT_LIMITS[key]
    if (limit) {
      if (typeof value !== 'string' && typeof value !== 'number') fail(key, 'must be a string')
      else if (String(value).length > limit) fail(key, `must be at most ${limit} characters`)
      else out[key] = String(value)
    } else if (key === 'params' || key === 'customer_fields') {
      let fields: unknown = value
      try {
        if (typeof value === 'string') fields = JSON.parse(value)
      } catch {
        fields = undefined
      }
      if (!isRecord(fields) || Object.keys(fields).length > MAX_CUSTOM_FIELDS) {
        fail(key, `must be an object (or its JSON) with at most ${MAX_CUSTOM_FIELDS} fields`)
      } else if (Object.values(fields).some((v) => !['string', 'number', 'boolean'].includes(typeof v))) {
        fail(key, 'values must be strings, numbers or booleans')
      } else out[key] = fields
    } else if (key === 'timestamp') {
      // Seconds since the epoch; pages often pass it as a digit string.
      const n = typeof value === 'string' && /^\d{1,15}$/.test(value) ? Number(value) : value
      if (!Number.isSafeInteger(n) || (n as number) < 0) fail(key, 'must be whole seconds since the epoch')
      else out[key] = n
    } else if (key === 'is_vip') {
      if (value != 0 && value != 1) fail(key, 'must be 0 or 1')
      else out[key] = Number(value)
    } else if (key === 'gender' || key === 'age') {
      // Pages often pass form values, so whole numbers may arrive as digit strings.
      const n = typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : value
      const max = key === 'age' ? MAX_AGE : 2
      if (!Number.isInteger(n) || (n as number) < 0 || (n as number) > max) fail(key, `must be a whole number from 0 to ${max}`)
      else out[key] = n
    } else fail(key, 'is not an identity field')
  }
  if (out.sign && !out.partnerid) fail('sign', 'needs partnerid')
  if (out.timestamp !== undefined && !out.sign) fail('timestamp', 'needs sign')
  if (out.email && !/^[^\s@]+@[^\s@]+$/.test(out.email as string)) fail('email', 'is not an e-mail address')
  if (out.face && !/^https?:\/\//i.test(out.face as string)) fail('face', 'must be an http(s) URL')
  if (issues.length) throw new ValidationError('invalid_identity', issues)
  return out as NormalizedVisitorIdentity
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
