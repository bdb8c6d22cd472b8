import { pathToFileURL } from 'node:url'
import { Worker } from 'node:worker_threads'
import type { Database, Queryable } from './Database'
import { startHeapTrimming } from './startHeapTrimming'

// The CommonJS build has no import.meta.url; it has __filename instead (the worker file sits beside it).
export const WORKER_FILE = new URL('./pgliteWorkerThread.mjs', import.meta.url ?? pathToFileURL(__filename).href)

type Pending = { resolve: (value: unknown) => void; reject: (error: Error) => void }
type Reply = { id: number; rows?: unknown; error?: { message: string } & Record<string, unknown> }

/** The main-thread side of the worker: numbered requests, and the single connection's transaction turns. */
export class PgliteWorker {
  #nextId = 0
  readonly #pending = new Map<number, Pending>()
  /** Set once the worker is closing or gone: why new statements are refused. */
  #stopped: Error | undefined
  /** PGlite is one connection: while a transaction is open everything else waits here, in order. */
  #transactionOpen = false
  readonly #waiting: Array<() => void> = []
  #closing: Promise<void> | undefined

  private constructor(
    readonly worker: Worker,
    stopTrimming: () => void,
  ) {
    worker.on('message', (reply: Reply) => this.#answer(reply))
    worker.on('error', (error) => this.#fail(new Error(`the PGlite worker failed: ${error.message}`, { cause: error })))
    worker.on('exit', (code) => {
      stopTrimming()
      this.#fail(new Error(`the PGlite worker stopped (exit code ${code})`))
    })
  }

  /** `settings` are PostgreSQL's (`-c name=value` at start). */
  static async start(workerData: { dataDir: string | undefined; settings: Record<string, string> }): Promise<PgliteWorker> {
    // The engine's compiled code leaves freed memory in the allocator (see startHeapTrimming); started
    // first, so that glibc's thresholds apply to the engine's start.
    const stopTrimming = startHeapTrimming()
    // The worker's JavaScript allocates little that lives (statements in, rows out), but its young
    // generation grew to 32 MB while the engine started (measured with PGlite alone) and kept it. Capped at
    // 8 MB, an idle server holds ~20 MB less, with no measurable change in CPU per message or latency.
    const worker = new Worker(WORKER_FILE, { workerData, resourceLimits: { maxYoungGenerationSizeMb: 8 } })
    await new Promise<void>((resolve, reject) => {
      const failed = (error: Error) => {
        stopTrimming()
        reject(new Error(`PGlite could not start: ${error.message}`, { cause: error }))
      }
      const exited = (code: number) => failed(new Error(`the worker exited with code ${code}`))
      worker.once('error', failed)
      worker.once('exit', exited)
      worker.once('message', () => {
        worker.off('error', failed)
        worker.off('exit', exited)
        resolve()
      })
    })
    // No statement in flight = no reason to keep the process alive, as with the engine in-thread.
    worker.unref()
    return new PgliteWorker(worker, stopTrimming)
  }

  database(): Database {
    return {
      kind: 'pglite',
      query: <Row>(sql: string, params: readonly unknown[] = []) => this.#inTurn(() => this.#send('query', sql, params)) as Promise<Row[]>,
      exec: async (sql) => {
        await this.#inTurn(() => this.#send('exec', sql))
      },
      transaction: (work) => this.#inTurn(() => this.#transaction(work), true),
      close: () => this.#close(),
    }
  }

  /** Runs `start` now, or after the open transaction (and whatever queued before) ends. */
  #inTurn<T>(start: () => Promise<T>, opensTransaction = false): Promise<T> {
    if (this.#stopped) return Promise.reject(this.#stopped)
    if (!this.#transactionOpen && this.#waiting.length === 0) {
      if (opensTransaction) this.#transactionOpen = true
      return start()
    }
    return new Promise<T>((resolve, reject) => {
      this.#waiting.push(() => {
        if (opensTransaction) this.#transactionOpen = true
        start().then(resolve, reject)
      })
    })
  }

  async #transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
    let open = true
    const tx: Queryable = {
      query: <Row>(sql: string, params: readonly unknown[] = []) =>
        (open ? this.#send('query', sql, params) : Promise.reject(new Error('this transaction has already ended'))) as Promise<Row[]>,
    }
    try {
      await this.#send('exec', 'BEGIN')
      const result = await work(tx)
      await this.#send('exec', 'COMMIT')
      return result
    } catch (error) {
      if (!this.#stopped) await this.#send('exec', 'ROLLBACK').catch(() => {})
      throw error
    } finally {
      open = false
      this.#transactionOpen = false
      this.#next()
    }
  }

  /** Starts what waited, in order, up to the next transaction (which then holds the connection). */
  #next(): void {
    while (!this.#transactionOpen && this.#waiting.length > 0) this.#waiting.shift()!()
  }

  #send(op: 'query' | 'exec' | 'close', sql?: string, params?: readonly unknown[]): Promise<unknown> {
    if (this.#stopped && op !== 'close') return Promise.reject(this.#stopped)
    const id = this.#nextId++
    return new Promise((resolve, reject) => {
      try {
        this.worker.postMessage({ id, op, sql, params })
      } catch (error) {
        // A parameter that cannot be cloned (a function, a class instance with private state…).
        reject(new Error(`a query parameter cannot be sent to PGlite: ${(error as Error).message}`, { cause: error }))
        return
      }
      if (this.#pending.size === 0) this.worker.ref()
      this.#pending.set(id, { resolve, reject })
    })
  }

  #answer(reply: Reply): void {
    const pending = this.#pending.get(reply.id)
    if (!pending) return
    this.#pending.delete(reply.id)
    if (this.#pending.size === 0) this.worker.unref()
    if (reply.error) pending.reject(Object.assign(new Error(reply.error.message), reply.error))
    else pending.resolve(reply.rows)
  }

  #fail(error: Error): void {
    this.#stopped ??= error
    for (const pending of this.#pending.values()) pending.reject(error)
    this.#pending.clear()
    // What waited for a transaction turn starts now and is refused at once.
    this.#transactionOpen = false
    this.#next()
  }

  /** Lets everything issued before finish, closes PGlite (its data folder stays consistent), ends the worker. */
  #close(): Promise<void> {
    // After a crash there is nothing left to close.
    this.#closing ??= this.#stopped ? this.worker.terminate().then(() => {}) : this.#inTurn(async () => {
      this.#stopped = new Error('the database is closed')
      try {
        await this.#send('close')
      } finally {
        await this.worker.terminate()
      }
    })
    return this.#closing
  }
}
