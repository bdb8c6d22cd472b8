import { ValidationError } from '@kefu/core'
import type { FastifyInstance } from 'fastify'
import { storableStrings } from '../validation/storableStrings'

/**
 * Before validation, makes a request's path parameters, query and JSON body storable in PostgreSQL, as
 * the WebSocket frames are (see storableStrings): lone surrogates become U+FFFD, and U+0000 is refused
 * with a 400 naming the field (before this, such a request reached a query and came back as a 500).
 */
export function storableRequestStrings(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    // Fastify's parsed params and query come from a prototype-less constructor, which the walk (plain
    // objects only) would skip: they are replaced by plain copies, walked in place.
    const plain = <T>(value: T): T => (typeof value === 'object' && value !== null ? { ...value } : value)
    request.params = plain(request.params)
    request.query = plain(request.query)
    const issues = [...storableStrings(request.params), ...storableStrings(request.query), ...storableStrings(request.body)]
    if (issues.length) throw new ValidationError('invalid_argument', issues)
  })
}
