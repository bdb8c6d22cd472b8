import type { Card } from '../cards/card'
import type { ChatClient } from '../createChat'
import type { ChatMessage } from '../message'

/**
 * The visitor-side contract that `@kefu/server` and the fake server (`createTestAgent`) both keep.
 * `CHAT_CONTRACT` is a list of cases; a test file runs each against a target (see `ChatContractTarget`),
 * so the fake can never drift from the real server unnoticed. The cases use only the public
 * `ChatClient` API and assert with plain errors, so any test runner can run them.
 */
export interface ChatContractScene {
  /**
   * What the visitor's chat request meets: `agent`, an agent who takes it at once; `queue`, an agent
   * who is busy (the visitor waits until `agent.accept()`); `bot`, the bot first, with an available
   * agent behind it; `offline`, nobody online (leave-message).
   */
  readonly reception: 'agent' | 'queue' | 'bot' | 'offline'
  /** Whether a chat an agent served, ended by either side, asks for an evaluation (default true). */
  readonly evaluateOnEnd?: boolean
  /** When a chat starts: with the first message (default) or as soon as the window opens. */
  readonly startChatOn?: 'message' | 'open'
}

/** The one agent of a scene, acting on the scene's visitor. */
export interface ChatContractAgent {
  /** The busy agent becomes available and takes the waiting visitor. */
  accept(): Promise<void>
  say(text: string): Promise<void>
  sendCard(card: Card): Promise<void>
  typing(typing: boolean): Promise<void>
  /** The agent ends the chat (reason 2). */
  end(): Promise<void>
  /** The texts of the visitor's messages this agent has received so far, in order. */
  received(): Promise<readonly string[]>
}

/** One visitor of a fresh scene. */
export interface ChatContractVisitor {
  /** One more tab (page, window) of this visitor: a new connected client; the first one creates the visitor. */
  tab(): ChatClient
  readonly agent: ChatContractAgent
  /** Cuts every connection of this visitor, as a network would; the clients reconnect by themselves. */
  dropConnections(): Promise<void>
  close(): Promise<void>
}

export interface ChatContractTarget {
  start(scene: ChatContractScene): Promise<ChatContractVisitor>
}

export interface ChatContractCase {
  readonly name: string
  run(target: ChatContractTarget): Promise<void>
}

/** Thrown when a target breaks the contract. */
export class ContractError extends Error {
  override readonly name = 'ContractError'
}

export function check(condition: unknown, what: string): asserts condition {
  if (!condition) throw new ContractError(what)
}

export function checkEqual<T>(actual: T, expected: T, what: string): void {
  if (stable(actual) !== stable(expected)) throw new ContractError(`${what}: expected ${stable(expected)}, got ${stable(actual)}`)
}

/** Every key of `expected` has the same value in `actual` (deeply). */
export function checkMatch(actual: unknown, expected: Record<string, unknown>, what: string): void {
  const picked = Object.fromEntries(Object.keys(expected).map((key) => [key, (actual as Record<string, unknown> | null)?.[key]]))
  checkEqual(picked, expected, what)
}

/** Waits until `condition` holds (polling: works for in-process fakes and real sockets alike). */
export async function until(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    if (await condition()) return
    if (Date.now() > deadline) throw new ContractError(`timed out waiting for: ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

export const ready = (client: ChatClient) => until(() => client.getSnapshot().ready && client.getSnapshot().connection === 'online', 'the client to be welcomed')

/** What a client shows: its texts (notices are the server's wording, not part of the contract). */
export function textsOf(client: ChatClient, sender?: ChatMessage['sender']): string[] {
  return client
    .getSnapshot()
    .messages.filter((m) => !sender || m.sender === sender)
    .flatMap((m) => (m.body.type === 'text' ? [m.body.text] : []))
}

function stable(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v) ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => a.localeCompare(b))) : v,
  ) ?? 'undefined'
}
