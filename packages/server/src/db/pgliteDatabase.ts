import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import type { Database } from './Database'
import { PgliteWorker, WORKER_FILE } from './PgliteWorker'

/**
 * Embedded PostgreSQL (WebAssembly) in a data folder, or in memory when `dataDir` is undefined.
 *
 * The engine runs in a worker thread (pgliteWorkerThread.mjs, driven by PgliteWorker): running statements,
 * parsing their rows and the file access took 79% of a busy server's CPU time, and on the event-loop thread
 * they held every socket still meanwhile; a 1.3–1.7 s aggregate stalled the event loop for all of it, in the
 * worker for at most 42 ms. The price is a thread hop per statement (~0.15 ms: one-at-a-time inserts went
 * from ~2,000–2,400/s to ~1,500–1,800/s; 50 at once, about even). Statements and rows cross as structured
 * clones (strings, numbers, bigint, boolean, null, arrays, plain objects, Uint8Array, Date); errors keep
 * PostgreSQL's fields (`code`, `constraint`…).
 *
 * Memory: the WebAssembly heap never shrinks. It reserves 128 MB, of which a reopened chat database touches
 * about 30 MB (catalog caches, the shared buffers in use, work memory); shared buffers are capped at 16 MB
 * because the data files are also in the OS page cache and a chat's working set is small (128 MB, the
 * default, cost 311 → 175 MB RSS). The rest of the ~240 MB such a process holds is Node itself (~50 MB),
 * V8's copy of the engine's WebAssembly (~9 MB), the worker's own V8 heap, and memory V8's optimizing
 * compiler freed but glibc kept (~85 MB after start), which startHeapTrimming gives back on Linux. initdb,
 * on a new folder, leaves ~450 MB with the process that ran it (670–720 MB RSS after opening a new folder
 * in-thread), and ~100 MB even when run in a worker thread ended afterwards (315 MB; the allocator keeps
 * it): a short-lived process creates the folder instead (230–240 MB). Measured with the database alone,
 * without the server.
 */
export async function pgliteDatabase(dataDir?: string): Promise<Database> {
  const workerData = { dataDir, settings: { shared_buffers: '16MB' } }
  if (dataDir && !existsSync(join(dataDir, 'PG_VERSION'))) {
    await promisify(execFile)(process.execPath, [fileURLToPath(WORKER_FILE), dataDir, JSON.stringify(workerData.settings)])
  }
  return (await PgliteWorker.start(workerData)).database()
}
