import { CONTEXT_PROOF_HEADER } from '#shared/contextProofHeader'
import { pluginOrderLookup } from '../../utils/pluginOrderLookup'
import { storeEnv } from '../../utils/storeEnv'

/**
 * Order lookup for the business plugin page, with the workbench's context proof for the selected
 * visitor in the `x-kefu-context-proof` header (pluginSignature.md §4); 401 `{error, message}` without one.
 */
export default defineEventHandler((event) => {
  setResponseHeader(event, 'cache-control', 'no-store')
  const result = pluginOrderLookup({ proofHeader: getRequestHeader(event, CONTEXT_PROOF_HEADER) ?? null, q: getQuery(event).q }, storeEnv())
  setResponseStatus(event, result.status)
  return result.body
})
