import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import type { Database } from '../src/db/Database'
import { pgliteDatabase } from '../src/db/pgliteDatabase'
import { PgliteWorker } from '../src/db/PgliteWorker'

// PGlite runs in a worker thread; these check that the Database contract still holds across it.
describe('PGlite in a worker thread', { timeout: 120_000 }, () => {
  const opened: Database[] = []
  const open = async () => {
    const db = await pgliteDatabase()
    opened.push(db)
    await db.exec('CREATE TABLE t (id int PRIMARY KEY, note text)')
    return db
  }
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((db) => db.close()))
  })

  it('makes a query issued during an open transaction wait, and not see its uncommitted rows', async () => {
    const db = await open()
    let outside: Promise<{ n: number }[]> | undefined
    let answered = false
    await db.transaction(async (tx) => {
      await tx.query('INSERT INTO t VALUES (1, $1)', ['inside'])
      outside = db.query<{ n: number }>('SELECT count(*)::int AS n FROM t')
      void outside.then(() => (answered = true))
      // Many round trips through the worker: a query that did not wait would have been answered by now.
      for (let i = 0; i < 20; i++) expect((await tx.query<{ n: number }>('SELECT count(*)::int AS n FROM t'))[0]!.n).toBe(1)
      expect(answered).toBe(false)
    })
    expect(await outside).toEqual([{ n: 1 }])
  })

  it('rolls back when the work throws, and hands the caller that error', async () => {
    const db = await open()
    const boom = new Error('boom')
    await expect(
      db.transaction(async (tx) => {
        await tx.query('INSERT INTO t VALUES (1, $1)', ['gone'])
        throw boom
      }),
    ).rejects.toBe(boom)
    expect(await db.query('SELECT * FROM t')).toEqual([])
    // The connection is usable again, in and out of transactions.
    await db.transaction((tx) => tx.query('INSERT INTO t VALUES (2, $1)', ['kept']))
    expect(await db.query('SELECT id FROM t')).toEqual([{ id: 2 }])
  })

  it("keeps PostgreSQL's error code and message, in and out of transactions", async () => {
    const db = await open()
    await db.query('INSERT INTO t VALUES (1, $1)', ['first'])
    const outside = await db.query('INSERT INTO t VALUES (1, $1)', ['again']).catch((error: unknown) => error)
    expect(outside).toBeInstanceOf(Error)
    expect(outside).toMatchObject({ code: '23505', constraint: 't_pkey', message: expect.stringContaining('duplicate key') })
    const inside = await db.transaction((tx) => tx.query('INSERT INTO t VALUES (1, $1)', ['again'])).catch((error: unknown) => error)
    expect(inside).toMatchObject({ code: '23505' })
    await expect(db.query('SELECT nope FROM t')).rejects.toMatchObject({ code: '42703' })
  })

  it('answers many concurrent queries, and values round-trip', async () => {
    const db = await open()
    await Promise.all(Array.from({ length: 100 }, (_, i) => db.query('INSERT INTO t VALUES ($1, $2)', [i, `n${i}`])))
    const counts = await Promise.all(Array.from({ length: 50 }, (_, i) => db.query<{ note: string }>('SELECT note FROM t WHERE id = $1', [i])))
    expect(counts.map((rows) => rows[0]!.note)).toEqual(Array.from({ length: 50 }, (_, i) => `n${i}`))

    await db.exec('CREATE TABLE v (j jsonb, big bigint, tags text[], ok boolean, nothing text, bytes bytea, at timestamptz)')
    const row = { j: { a: [1, 'x', null], b: { c: true } }, big: 1_700_000_000_000, tags: ['a', 'b'], ok: false, nothing: null, bytes: new Uint8Array([0, 1, 255]), at: new Date(86_400_000) }
    await db.query('INSERT INTO v VALUES ($1, $2, $3, $4, $5, $6, $7)', [row.j, row.big, row.tags, row.ok, row.nothing, Buffer.from(row.bytes), row.at])
    expect(await db.query('SELECT * FROM v')).toEqual([row])
  })

  it('lets queries issued before close() finish, refuses later ones, and leaves the data folder consistent', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kefu-pglite-worker-'))
    try {
      const db = await pgliteDatabase(dir)
      await db.exec('CREATE TABLE t (id int PRIMARY KEY)')
      const inserts = Array.from({ length: 50 }, (_, i) => db.query('INSERT INTO t VALUES ($1)', [i]))
      const closed = db.close()
      await expect(db.query('SELECT 1')).rejects.toThrow(/closed/)
      await Promise.all(inserts)
      await closed
      await expect(db.transaction(async () => {})).rejects.toThrow(/closed/)

      const again = await pgliteDatabase(dir)
      expect(await again.query('SELECT count(*)::int AS n FROM t')).toEqual([{ n: 50 }])
      await again.close()
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('rejects what is pending, with a clear error, when the worker dies', async () => {
    const engine = await PgliteWorker.start({ dataDir: undefined, settings: {} })
    const db = engine.database()
    let inFlight: Promise<unknown> | undefined
    const transaction = db.transaction(async (tx) => {
      await tx.query('SELECT 1')
      // Seconds of work in the engine, so the worker dies with it unanswered.
      inFlight = tx.query('SELECT count(*) FROM generate_series(1, 100000000)')
      const waiting = db.query('SELECT 2')
      void engine.worker.terminate()
      await expect(inFlight).rejects.toThrow(/PGlite worker stopped/)
      await expect(waiting).rejects.toThrow(/PGlite worker stopped/)
      return tx.query('SELECT 3')
    })
    await expect(transaction).rejects.toThrow(/PGlite worker stopped/)
    await expect(db.query('SELECT 4')).rejects.toThrow(/PGlite worker stopped/)
    await db.close()
  })
})
