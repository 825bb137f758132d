// Sealing on worker threads (issue #21 part 6). A member's ID number and phone take four MACs and
// two encryptions; on one thread beside the generation and the COPY that was the members step's
// limit (6,000 rows/s on the city). The main thread hands batches to a few workers round robin and
// takes the results back in order, so the rows keep the order (and the ids) the seed gives.
import { Worker } from 'node:worker_threads';
import { keyringData } from '../../src/server/lib/pii.js';

export class SealPool {
  private readonly workers: Worker[];
  private readonly waiting = new Map<
    number,
    { resolve: (out: Array<string | null>) => void; reject: (e: Error) => void }
  >();
  private next = 0;

  constructor(size: number) {
    const data = keyringData();
    this.workers = Array.from({ length: size }, () => {
      const w = new Worker(new URL('./seal-worker.ts', import.meta.url), { workerData: data });
      w.on('message', (m: { id: number; out: Array<string | null> }) => {
        this.waiting.get(m.id)?.resolve(m.out);
        this.waiting.delete(m.id);
      });
      // A worker that fails fails the batches still out (and so the load).
      w.on('error', (e) => {
        for (const p of this.waiting.values()) p.reject(e);
        this.waiting.clear();
      });
      return w;
    });
  }

  /** The six sealed columns of each [idNumber, phone] pair, flat, in order. */
  seal(values: Array<string | null>): Promise<Array<string | null>> {
    const id = this.next++;
    const worker = this.workers[id % this.workers.length];
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      worker.postMessage({ id, values });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Rows whose sealed columns are filled by the pool: `make` yields each row with the pair to seal,
 * `place` puts the six sealed values into it. Up to `ahead` batches are sealed while the next are
 * made.
 */
export async function* sealedRows<T>(
  pool: SealPool,
  source: Iterable<{ row: T; idNumber: string; phone: string | null }>,
  place: (row: T, sealed: Array<string | null>, at: number) => readonly unknown[],
  batch = 1000,
  ahead = 8,
): AsyncGenerator<readonly unknown[]> {
  const queue: Array<{ rows: T[]; sealed: Promise<Array<string | null>> }> = [];
  let rows: T[] = [];
  let values: Array<string | null> = [];
  const flush = () => {
    queue.push({ rows, sealed: pool.seal(values) });
    rows = [];
    values = [];
  };
  function* drain(done: { rows: T[]; out: Array<string | null> }) {
    for (let i = 0; i < done.rows.length; i++) yield place(done.rows[i], done.out, i * 6);
  }
  for (const m of source) {
    rows.push(m.row);
    values.push(m.idNumber, m.phone);
    if (rows.length >= batch) {
      flush();
      if (queue.length >= ahead) {
        const head = queue.shift() as (typeof queue)[number];
        yield* drain({ rows: head.rows, out: await head.sealed });
      }
    }
  }
  if (rows.length) flush();
  while (queue.length) {
    const head = queue.shift() as (typeof queue)[number];
    yield* drain({ rows: head.rows, out: await head.sealed });
  }
}
