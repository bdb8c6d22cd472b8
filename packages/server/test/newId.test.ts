import { describe, expect, it } from 'vitest'
import { newId } from '../src/domain/ids'

describe('newId', () => {
  it('gives distinct 96-bit URL-safe ids with their prefix, across refills of its random pool', () => {
    const ids = Array.from({ length: 2000 }, () => newId('m'))
    for (const id of ids) expect(id).toMatch(/^m_[A-Za-z0-9_-]{16}$/)
    expect(new Set(ids).size).toBe(ids.length)
  })
})
