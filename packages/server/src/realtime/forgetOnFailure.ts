import { forgetAction } from '../store/actionLog'
import type { ServerContext } from './ServerContext'

/**
 * The chat service records an action's client id before it runs, so a resend is not run twice.
 * When the action then fails, nothing was done: the record goes, and a resend is judged afresh
 * instead of being acknowledged.
 */
export function forgetOnFailure(ctx: ServerContext, actor: string, frame: object) {
  return async (error: unknown): Promise<never> => {
    const cid = (frame as { cid?: unknown }).cid
    if (typeof cid === 'string') await forgetAction(ctx.db, actor, cid)
    throw error
  }
}
