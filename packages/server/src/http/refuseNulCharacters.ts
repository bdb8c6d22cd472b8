import { ValidationError } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import { nulIssues } from '../validation/nulIssues'

/**
 * Refuses, with a 400 naming the field, any JSON body, query or path parameter holding U+0000, which
 * PostgreSQL cannot store: before this, such a request reached a query and came back as a 500.
 */
export function refuseNulCharacters(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // Fastify's parsed query and params inherit from a bare prototype, which `nulIssues` does not walk: copied to plain objects.
    const plain = (value: unknown) => (typeof value === 'object' && value !== null ? { ...value } : value)
    const issues = [...nulIssues(plain(request.params)), ...nulIssues(plain(request.query)), ...nulIssues(request.body)]
    if (issues.length) throw new ValidationError('invalid_argument', issues)
  })
}
