import type { FastifyInstance } from 'fastify'
import { repairLoneSurrogates } from '../validation/repairLoneSurrogates'

/**
 * Turns lone surrogates in a JSON body, query or path parameter into U+FFFD before validation, as the
 * WebSocket frames do: JSON can escape one, and PostgreSQL's jsonb would refuse it deep in a query.
 */
export function repairRequestSurrogates(app: FastifyInstance): void {
  app.addHook('preValidation', async (request) => {
    repairLoneSurrogates(request.params)
    repairLoneSurrogates(request.query)
    repairLoneSurrogates(request.body)
  })
}
