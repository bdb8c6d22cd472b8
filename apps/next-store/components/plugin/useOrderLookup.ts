'use client'
import { useEffect, useState } from 'react'
import type { ContextProof } from '@kefu/agent'
import { CONTEXT_PROOF_HEADER } from '../../lib/contextProofHeader'
import type { OrderView } from '../../lib/orderView'

export type OrderLookupState =
  /** Nothing to look up (no query and no member selected). */
  | { readonly status: 'idle' }
  /** No context proof from the workbench (no visitor selected, or kefu could not issue one). */
  | { readonly status: 'no_proof' }
  | { readonly status: 'loading' }
  | { readonly status: 'done'; readonly orders: readonly OrderView[] }
  | { readonly status: 'error'; readonly error: string; readonly message: string }

/** Waits for typing to pause before asking the store's server. */
const DEBOUNCE_MS = 200

/**
 * Looks orders up on the store's server (`/api/plugin/orders`), sending the workbench's context proof
 * for the selected visitor: the server answers only requests that carry a valid one.
 */
export function useOrderLookup(query: string, proof: ContextProof | null): OrderLookupState {
  const [state, setState] = useState<OrderLookupState>({ status: 'idle' })
  const q = query.trim()
  // By value: the workbench hands a new but equal object on every update of the selected visitor.
  const proofJson = proof ? JSON.stringify(proof) : ''

  useEffect(() => {
    if (!q) return setState({ status: 'idle' })
    if (!proofJson) return setState({ status: 'no_proof' })
    setState({ status: 'loading' })
    const abort = new AbortController()
    const timer = setTimeout(() => {
      fetchOrders(q, proofJson, abort.signal).then(
        (next) => setState(next),
        (error: unknown) => {
          if (!abort.signal.aborted) setState({ status: 'error', error: 'network', message: error instanceof Error ? error.message : String(error) })
        },
      )
    }, DEBOUNCE_MS)
    return () => {
      clearTimeout(timer)
      abort.abort()
    }
  }, [q, proofJson])

  return state
}

async function fetchOrders(q: string, proofJson: string, signal: AbortSignal): Promise<OrderLookupState> {
  const response = await fetch(`/api/plugin/orders?q=${encodeURIComponent(q)}`, { headers: { [CONTEXT_PROOF_HEADER]: proofJson }, signal })
  const body = (await response.json().catch(() => null)) as { orders?: OrderView[]; error?: string; message?: string } | null
  if (response.ok && Array.isArray(body?.orders)) return { status: 'done', orders: body.orders }
  return { status: 'error', error: body?.error ?? `http_${response.status}`, message: body?.message ?? response.statusText }
}
