// The bulk insert moved to the server (the compliance refresh writes many rows too).
export { bulkInsert } from '../../src/server/db/bulk.js';

/**
 * Runs the reads one after another and gives their results in order, as `Promise.all` would. The
 * seed reads inside one transaction, which is one connection: node-postgres queues queries sent to
 * a client that is still running one, warns about it, and will refuse it (pg 9).
 */
export async function inTurn<const T extends readonly (() => Promise<unknown>)[]>(
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  const out: unknown[] = [];
  for (const read of reads) out.push(await read());
  return out as { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
}
