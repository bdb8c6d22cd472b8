import type { LeaveMessageRecord, LeaveMessageReply } from '@kefu/core'
import type { Logger } from 'pino'
import { webhookSignature } from '../security'
import type { Company } from '../store/companyStore'

/** What a company's `leaveMessageWebhook` receives, as JSON. */
export type LeaveMessageWebhookEvent =
  | { readonly event: 'leaveMessage.created'; readonly leaveMessage: LeaveMessageRecord }
  | { readonly event: 'leaveMessage.replied'; readonly leaveMessage: LeaveMessageRecord; readonly reply: LeaveMessageReply }

/** Long enough for a slow receiver, short enough that stuck ones do not pile up. */
const DEFAULT_TIMEOUT_MS = 5000

/**
 * Tells a company's own system of a new leave message or a reply to one, signed with the company's sign
 * key. Fire-and-forget: it runs after the action has committed, and a receiver that is down, slow or
 * answers an error costs a warning in the log, never the visitor's or the agent's request.
 */
export class LeaveMessageWebhook {
  readonly #log: Logger
  readonly #timeoutMs: number
  readonly #now: () => number
  readonly #inFlight = new Set<Promise<void>>()

  constructor(options: { log: Logger; now: () => number; timeoutMs?: number }) {
    this.#log = options.log
    this.#now = options.now
    this.#timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  }

  /** Starts the request when the company has a webhook; returns at once. */
  send(company: Company, event: LeaveMessageWebhookEvent): void {
    const url = company.settings.leaveMessageWebhook
    if (!url) return
    const body = JSON.stringify({ ...event, companyId: company.id, at: this.#now() })
    const sent = this.#post(url, company.signKey, body, event)
    this.#inFlight.add(sent)
    void sent.finally(() => this.#inFlight.delete(sent))
  }

  /** Waits for the requests under way (shutdown, tests). */
  async settled(): Promise<void> {
    await Promise.all([...this.#inFlight])
  }

  async #post(url: string, key: string, body: string, event: LeaveMessageWebhookEvent): Promise<void> {
    const context = { url, event: event.event, leaveMessageId: event.leaveMessage.id }
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-kefu-event': event.event, 'x-kefu-signature': webhookSignature(key, body) },
        body,
        // A webhook is the company's endpoint, not a page to follow elsewhere.
        redirect: 'manual',
        signal: AbortSignal.timeout(this.#timeoutMs),
      })
      await res.body?.cancel()
      if (!res.ok) this.#log.warn({ ...context, status: res.status }, 'the leave-message webhook answered an error')
    } catch (err) {
      this.#log.warn({ ...context, err }, 'the leave-message webhook could not be reached')
    }
  }
}
