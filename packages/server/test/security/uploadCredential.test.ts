import { describe, expect, it } from 'vitest'
import { KefuError } from '@kefu/core'
import {
  generateSecret,
  isAllowedType,
  signUploadCredential,
  signVisitorToken,
  UPLOAD_CREDENTIAL_TTL_SECONDS,
  verifyAgentSession,
  verifyUploadCredential,
  verifyVisitorToken,
  type UploadCredentialClaims,
} from '../../src/security'
import { signToken } from '../../src/security/signedToken'

const SECRET = generateSecret()
const NOW = Date.UTC(2025, 2, 3, 4, 5, 6)

function thrown(fn: () => unknown): KefuError {
  try {
    fn()
  } catch (error) {
    if (error instanceof KefuError) return error
    throw error
  }
  throw new Error('expected a KefuError')
}

const claims: UploadCredentialClaims = {
  companyId: 'acme',
  owner: { kind: 'visitor', id: 'vis_1' },
  maxBytes: 5 * 1024 * 1024,
  allowedTypes: ['image/*', 'application/pdf'],
}

describe('upload credentials', () => {
  it('round-trip; the default lifetime is 10 minutes', () => {
    expect(UPLOAD_CREDENTIAL_TTL_SECONDS).toBe(600)
    const token = signUploadCredential(claims, SECRET, { now: NOW })
    expect(verifyUploadCredential(token, SECRET, { now: NOW + 599_000, companyId: 'acme' })).toEqual({
      ...claims,
      // Each credential names the one file it may upload.
      fileId: expect.stringMatching(/^f_[\w-]{16}$/),
      issuedAt: new Date(NOW),
      expiresAt: new Date(NOW + 600_000),
    })
    const error = thrown(() => verifyUploadCredential(token, SECRET, { now: NOW + 600_000 }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toBe('upload credential has expired')
  })

  it('carry agent owners and normalise type patterns', () => {
    const token = signUploadCredential(
      { ...claims, owner: { kind: 'agent', id: 'ag_2' }, allowedTypes: [' Image/PNG ', '*'] },
      SECRET,
      { now: NOW, ttlSeconds: 60 },
    )
    const verified = verifyUploadCredential(token, SECRET, { now: NOW })
    expect(verified.owner).toEqual({ kind: 'agent', id: 'ag_2' })
    expect(verified.allowedTypes).toEqual(['image/png', '*'])
    expect(verified.expiresAt).toEqual(new Date(NOW + 60_000))
  })

  it('cannot have maxBytes or allowedTypes raised by editing the payload', () => {
    const token = signUploadCredential(claims, SECRET, { now: NOW })
    const [version, payloadPart, mac] = token.split('.') as [string, string, string]
    const payload = JSON.parse(Buffer.from(payloadPart, 'base64url').toString()) as Record<string, unknown>
    for (const edit of [{ maxBytes: 1e9 }, { allowedTypes: [] }, { owner: { kind: 'agent', id: 'vis_1' } }]) {
      const forged = Buffer.from(JSON.stringify({ ...payload, ...edit })).toString('base64url')
      const error = thrown(() => verifyUploadCredential(`${version}.${forged}.${mac}`, SECRET, { now: NOW }))
      expect(error.code).toBe('unauthorized')
      expect(error.message).toMatch(/bad signature/)
    }
  })

  it('reject visitor tokens presented as upload credentials, and the reverse', () => {
    const visitor = signVisitorToken({ companyId: 'acme', visitorId: 'vis_1' }, SECRET, { now: NOW })
    const error = thrown(() => verifyUploadCredential(visitor, SECRET, { now: NOW }))
    expect(error.code).toBe('unauthorized')
    expect(error.message).toMatch(/not an upload credential/)
    const upload = signUploadCredential(claims, SECRET, { now: NOW })
    expect(thrown(() => verifyVisitorToken(upload, SECRET, { now: NOW })).code).toBe('unauthorized')
    expect(thrown(() => verifyAgentSession(upload, SECRET, { now: NOW })).code).toBe('unauthorized')
  })

  it('reject another secret, another company and malformed strings', () => {
    const token = signUploadCredential(claims, SECRET, { now: NOW })
    expect(thrown(() => verifyUploadCredential(token, generateSecret(), { now: NOW })).message).toMatch(/bad signature/)
    expect(thrown(() => verifyUploadCredential(token, SECRET, { now: NOW, companyId: 'globex' })).message).toMatch(
      /different company/,
    )
    for (const bad of ['', 'v1.', 'v2.x.y', 'v1.a.b', 'v1.a.b.c', undefined]) {
      expect(thrown(() => verifyUploadCredential(bad, SECRET, { now: NOW })).code).toBe('unauthorized')
    }
  })

  it('reject a validly signed payload with the wrong shape', () => {
    const iat = NOW / 1000
    const base = { companyId: 'acme', owner: { kind: 'visitor', id: 'v' }, maxBytes: 10, allowedTypes: [], iat, exp: iat + 60 }
    for (const edit of [
      { owner: null },
      { owner: { kind: 'robot', id: 'v' } },
      { owner: { kind: 'visitor', id: '' } },
      { maxBytes: 0 },
      { maxBytes: '10' },
      { allowedTypes: 'image/*' },
      { allowedTypes: ['<script>'] },
    ]) {
      const token = signToken('upload', { ...base, ...edit }, SECRET)
      const error = thrown(() => verifyUploadCredential(token, SECRET, { now: NOW }))
      expect(error.code, JSON.stringify(edit)).toBe('unauthorized')
      expect(error.message).toMatch(/malformed/)
    }
  })

  it('carry the one file they upload and what was declared for it, each credential its own id', () => {
    const declared = signUploadCredential({ ...claims, fileId: 'f_abcdefgh12', size: 42, mimeType: 'Image/PNG; q=1' }, SECRET, { now: NOW })
    expect(verifyUploadCredential(declared, SECRET, { now: NOW })).toMatchObject({ fileId: 'f_abcdefgh12', size: 42, mimeType: 'image/png' })
    const first = verifyUploadCredential(signUploadCredential(claims, SECRET, { now: NOW }), SECRET, { now: NOW })
    const second = verifyUploadCredential(signUploadCredential(claims, SECRET, { now: NOW }), SECRET, { now: NOW })
    expect(first.fileId).not.toBe(second.fileId)
    expect(first).not.toHaveProperty('size')
    expect(first).not.toHaveProperty('mimeType')
  })

  it('refuse bad claims when signing', () => {
    const bad: Array<Partial<Record<keyof UploadCredentialClaims, unknown>>> = [
      { maxBytes: 0 },
      { maxBytes: -1 },
      { maxBytes: 1.5 },
      { maxBytes: Number.POSITIVE_INFINITY },
      { owner: { kind: 'admin', id: 'x' } },
      { owner: { kind: 'agent', id: '' } },
      { owner: undefined },
      { companyId: '' },
      { allowedTypes: ['image'] },
      { allowedTypes: ['image/'] },
      { allowedTypes: ['../etc/passwd'] },
      { allowedTypes: ['text/html;charset=utf-8'] },
      { allowedTypes: 'image/*' },
      { allowedTypes: Array.from({ length: 51 }, () => 'image/png') },
      { fileId: '../../etc/passwd' },
      { fileId: 'f_short' },
      { size: -1 },
      { size: 1.5 },
      { size: 5 * 1024 * 1024 + 1 },
      { mimeType: 'image' },
      { mimeType: 'image/*' },
    ]
    for (const edit of bad) {
      const error = thrown(() => signUploadCredential({ ...claims, ...edit } as UploadCredentialClaims, SECRET))
      expect(error.code, JSON.stringify(edit)).toBe('invalid_argument')
    }
  })
})

describe('isAllowedType', () => {
  it('allows anything when the list is empty', () => {
    expect(isAllowedType('application/x-msdownload', [])).toBe(true)
    expect(isAllowedType('image/png', [])).toBe(true)
  })

  it('matches exact types, families and wildcards', () => {
    const allowed = ['image/*', 'application/pdf']
    expect(isAllowedType('image/png', allowed)).toBe(true)
    expect(isAllowedType('image/svg+xml', allowed)).toBe(true)
    expect(isAllowedType('application/pdf', allowed)).toBe(true)
    expect(isAllowedType('application/zip', allowed)).toBe(false)
    expect(isAllowedType('text/html', allowed)).toBe(false)
    expect(isAllowedType('video/mp4', ['*'])).toBe(true)
    expect(isAllowedType('video/mp4', ['*/*'])).toBe(true)
  })

  it('does not let a family pattern match look-alike types', () => {
    expect(isAllowedType('imagex/png', ['image/*'])).toBe(false)
    expect(isAllowedType('application/image', ['image/*'])).toBe(false)
    expect(isAllowedType('image', ['image/*'])).toBe(false)
    expect(isAllowedType('image/', ['image/*'])).toBe(false)
    expect(isAllowedType('image/*', ['image/png'])).toBe(false)
  })

  it('ignores case and parameters', () => {
    expect(isAllowedType('IMAGE/PNG', ['image/png'])).toBe(true)
    expect(isAllowedType('image/png', ['Image/*'])).toBe(true)
    expect(isAllowedType('text/plain; charset=utf-8', ['text/plain'])).toBe(true)
  })

  it('refuses malformed types when a list is given', () => {
    for (const type of ['', 'png', '/png', 'image/png/x', 'image /png', 'image/pn g']) {
      expect(isAllowedType(type, ['image/*', 'application/octet-stream']), type).toBe(false)
    }
  })
})
