import { describe, expect, it } from 'vitest'
import * as security from '../../src/security'

describe('security index', () => {
  it('re-exports every public function', () => {
    const functions = [
      'generateSecret',
      'secretBytes',
      'signVisitorToken',
      'verifyVisitorToken',
      'signAgentSession',
      'verifyAgentSession',
      'signUploadCredential',
      'verifyUploadCredential',
      'isAllowedType',
      'normalizeMimeType',
      'verifyMemberSign',
      'memberSignMd5',
      'memberSignHmac',
      'encryptMetaData',
      'decryptMetaData',
      'generateMetaDataKey',
      'hashPassword',
      'verifyPassword',
    ]
    for (const name of functions) expect(typeof (security as Record<string, unknown>)[name], name).toBe('function')
  })

  it('keeps the generic token helpers internal', () => {
    expect('signToken' in security).toBe(false)
    expect('verifyToken' in security).toBe(false)
  })
})
