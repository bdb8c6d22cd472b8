interface Waiting<Ask, Answer> {
  readonly ask: Ask
  resolve(answer: Answer): void
  reject(error: unknown): void
}

/**
 * The asks of one turn of the event loop (and those that arrive while the database is busy) answered by one
 * statement, each caller with its own answer or its own error. Not a cache: a statement starts after every ask
 * it answers, so each caller reads the database as it is at or after its ask, as a query of its own would.
 * A statement that fails is tried again ask by ask, so that one bad ask never fails the others.
 */
export class TurnBatcher<Ask, Answer> {
  readonly #load: (asks: readonly Ask[]) => Promise<Answer[]>
  readonly #maxBatch: number
  readonly #maxInFlight: number
  #queue: Waiting<Ask, Answer>[] = []
  #inFlight = 0
  #scheduled = false

  /**
   * `load` answers the asks in their order. `maxInFlight`: statements under way at once (1 on PGlite, which
   * runs one query at a time; asks arriving meanwhile wait and share the next statement).
   */
  constructor(load: (asks: readonly Ask[]) => Promise<Answer[]>, options: { maxBatch?: number; maxInFlight?: number } = {}) {
    this.#load = load
    this.#maxBatch = options.maxBatch ?? 500
    this.#maxInFlight = options.maxInFlight ?? 4
  }

  get(ask: Ask): Promise<Answer> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ ask, resolve, reject })
      if (this.#scheduled) return
      this.#scheduled = true
      setImmediate(() => {
        this.#scheduled = false
        this.#drain()
      })
    })
  }

  #drain(): void {
    while (this.#inFlight < this.#maxInFlight && this.#queue.length) {
      const batch = this.#queue.splice(0, this.#maxBatch)
      this.#inFlight++
      void this.#answer(batch).finally(() => {
        this.#inFlight--
        this.#drain()
      })
    }
  }

  async #answer(batch: Waiting<Ask, Answer>[]): Promise<void> {
    try {
      const answers = await this.#load(batch.map((w) => w.ask))
      batch.forEach((w, i) => w.resolve(answers[i]!))
    } catch (error) {
      if (batch.length === 1) return batch[0]!.reject(error)
      await Promise.all(batch.map((w) => this.#load([w.ask]).then((answers) => w.resolve(answers[0]!), w.reject)))
    }
  }
}
