/**
 * A prototype (issue #21 part 5, decision 0052): the embedded PGlite moved off Node's main thread
 * into a worker thread, with PGlite's own worker protocol (`@electric-sql/pglite/worker`, written
 * for browser tabs). Chosen with JICENG_EMBEDDED=pglite-worker; measured and rejected (the default
 * is now the embedded PostgreSQL), kept for comparison in bench:embedded.
 *
 * The protocol expects the Web Worker API (a global postMessage/addEventListener in the worker,
 * an EventTarget on the other side), BroadcastChannel and navigator.locks; Node 24 has the last
 * two across threads, and the first is bridged here onto worker_threads. It is still one PGlite
 * and one connection: queries are serialised as before, and each one crosses the thread boundary
 * (a lock, the protocol messages, the release), so what it can gain is the main thread's time
 * no longer spent inside PostgreSQL's WebAssembly: the routing, the JSON and the next request's
 * parsing run beside it on the second core.
 */
import { Worker } from 'node:worker_threads';
import { PGliteWorker } from '@electric-sql/pglite/worker';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import type { Database, Db } from './client.js';
import * as schema from './schema/index.js';

// The worker's code: plain JavaScript evaluated in the thread (no TypeScript loader there), which
// gives PGlite's `worker()` the Web Worker globals it calls and opens the cluster with ltree.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const listeners = new Set();
globalThis.postMessage = (data) => parentPort.postMessage(data);
globalThis.addEventListener = (type, fn, opts) => {
  if (type !== 'message') return;
  const wrapped = (data) => {
    if (opts && opts.once) parentPort.off('message', wrapped);
    fn({ data });
  };
  parentPort.on('message', wrapped);
};
(async () => {
  const { PGlite } = await import(workerData.pglite);
  const { ltree } = await import(workerData.ltree);
  const { worker } = await import(workerData.worker);
  await worker({
    async init() {
      const options = { extensions: { ltree }, ...(workerData.template ? { loadDataDir: workerData.template } : {}) };
      const db = new PGlite(workerData.dataDir, options);
      await db.waitReady;
      return db;
    },
  });
})();
`;

/** A worker_threads Worker seen as a Web Worker (an EventTarget of MessageEvents). */
class WebWorkerShim extends EventTarget {
  constructor(private readonly thread: Worker) {
    super();
    thread.on('message', (data) => this.dispatchEvent(new MessageEvent('message', { data })));
    // A thread that fails (PGlite cannot open the directory) fails the start, loudly.
    thread.on('error', (err) => {
      console.error('PGlite 工作线程出错：', err);
      process.exitCode = 1;
    });
  }
  postMessage(data: unknown) {
    this.thread.postMessage(data);
  }
  terminate() {
    void this.thread.terminate();
  }
}

export async function openPgliteWorker(dataDir: string, template?: Blob): Promise<Database> {
  const thread = new Worker(WORKER_SOURCE, {
    eval: true,
    workerData: {
      dataDir,
      template,
      pglite: import.meta.resolve('@electric-sql/pglite'),
      ltree: import.meta.resolve('@electric-sql/pglite/contrib/ltree'),
      worker: import.meta.resolve('@electric-sql/pglite/worker'),
    },
  });
  // Every thread of this process would elect among the same id: the data directory names it.
  const client = new PGliteWorker(new WebWorkerShim(thread) as unknown as globalThis.Worker, {
    id: `jiceng:${dataDir}`,
  });
  await client.waitReady;
  const db = drizzlePglite(client as never, { schema }) as unknown as Db;
  return {
    db,
    // 'pglite': one writer, caches trusted in the process, the PGlite migrator (all as before).
    kind: 'pglite',
    close: async () => {
      await client.close();
      await thread.terminate();
    },
    dump: () => client.dumpDataDir('gzip') as Promise<Blob>,
  };
}
