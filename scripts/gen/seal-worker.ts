// A worker thread of the generator that seals members' ID numbers and phones (seal-pool.ts): the
// keys come from the main thread, the values in batches, the six sealed columns go back per row.
import { parentPort, workerData } from 'node:worker_threads';
import { installKeyringData, type KeyringData, seal, sealOptional } from '../../src/server/lib/pii.js';

installKeyringData(workerData as KeyringData);
parentPort?.on('message', (m: { id: number; values: Array<string | null> }) => {
  const out: Array<string | null> = [];
  for (let i = 0; i < m.values.length; i += 2) {
    const id = seal('idNumber', m.values[i] as string);
    const p = sealOptional('phone', m.values[i + 1]);
    out.push(id.enc, id.hash, id.masked, p.enc, p.hash, p.masked);
  }
  parentPort?.postMessage({ id: m.id, out });
});
