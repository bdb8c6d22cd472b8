// The PGlite engine in a worker thread (see pgliteDatabase.ts). Plain JavaScript so that the same file runs
// from the TypeScript sources (tests) and from dist (tsup copies it there).
// Run as a process (`node pgliteWorkerThread.mjs <dataDir> <settings JSON>`) it only creates the data folder.
import process from 'node:process'
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { PGlite } from '@electric-sql/pglite'

const { dataDir, settings } = isMainThread ? { dataDir: process.argv[2], settings: JSON.parse(process.argv[3]) } : workerData
const startParams = [...PGlite.defaultStartParams, ...Object.entries(settings).flatMap(([name, value]) => ['-c', `${name}=${value}`])]
const db = await PGlite.create(dataDir, { startParams })
if (isMainThread) {
  await db.close()
  process.exit(0)
}
/** Statements handed to PGlite and not answered yet; close() lets them finish first. */
const running = new Set()

// A PostgreSQL error keeps its fields (code, detail, constraint…): the structured clone of an Error would
// keep only its message.
function errorFields(error) {
  const fields = { message: error instanceof Error ? error.message : String(error) }
  if (error && typeof error === 'object') {
    for (const [key, value] of Object.entries(error)) {
      if (value === undefined || typeof value === 'function' || typeof value === 'object') continue
      fields[key] = value
    }
  }
  return fields
}

parentPort.on('message', (message) => {
  if (message.op === 'close') {
    void Promise.allSettled(running)
      .then(() => db.close())
      .then(
        () => parentPort.postMessage({ id: message.id }),
        (error) => parentPort.postMessage({ id: message.id, error: errorFields(error) }),
      )
    return
  }
  const work =
    message.op === 'exec'
      ? db.exec(message.sql).then(() => undefined)
      : db.query(message.sql, message.params).then((result) => result.rows)
  running.add(work)
  work.then(
    (rows) => parentPort.postMessage({ id: message.id, rows }),
    (error) => parentPort.postMessage({ id: message.id, error: errorFields(error) }),
  )
  void work.catch(() => {}).finally(() => running.delete(work))
})
parentPort.postMessage({ ready: true })
