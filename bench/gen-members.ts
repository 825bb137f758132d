// DATABASE_URL=postgres://…/any_migrated_db JICENG_DATA_KEY=… npx tsx bench/gen-members.ts [--n 100000]
// Where the generator's members step spends the main thread's CPU (issue #21 part 6), in CPU
// time of this thread (process.threadCpuUsage), which the shared machine's load does not inflate
// the way it inflates wall time: People.make alone; with the COPY text formatted; with the
// personal data sealed inline; with it sealed on worker threads (seal-pool.ts).
import os from 'node:os';
import { parseArgs } from 'node:util';
import { copyValue } from '../scripts/gen/copy.js';
import { loadDivision } from '../scripts/gen/division.js';
import { People } from '../scripts/gen/people.js';
import { SealPool, sealedRows } from '../scripts/gen/seal-pool.js';
import { TreeBuilder } from '../scripts/gen/tree.js';
import { Rng } from '../scripts/seed/prng.js';
import { openPostgres } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { deploymentKey, loadDataKeys, seal, sealOptional } from '../src/server/lib/pii.js';

const { values } = parseArgs({ options: { n: { type: 'string', default: '100000' } } });
const N = Number(values.n);
const url = process.env.DATABASE_URL as string;
const database = await openPostgres(url, 1);
await runMigrations(database);
await loadDataKeys(database.db, { kek: deploymentKey({ dataDir: '', databaseUrl: url }) });
await database.close();
const orgs = new TreeBuilder(new Rng(7), {
  level: 'city',
  targetOrgs: 20_000,
  targetMembers: 400_000,
  today: '2026-11-23',
}).build(loadDivision('6201'));
const leaves = orgs.filter((o) => o.size > 0);
function* members() {
  const people = new People(new Rng(1), '2026-11-23', '62', ['620102']);
  let n = 0;
  for (const b of leaves)
    for (let i = 0; i < b.size; i++) {
      if (n++ >= N) return;
      yield { m: people.make(b, null), b };
    }
}
const row = (x: { m: ReturnType<People['make']>; b: (typeof leaves)[number] }, sealed: unknown[]) => [
  x.m.id,
  x.b.id,
  x.b.path,
  x.m.groupId,
  x.m.name,
  x.m.namePinyin,
  x.m.nameInitials,
  x.m.gender,
  x.m.ethnicity,
  x.m.birthDate,
  ...sealed,
  x.m.education,
  x.m.workUnit,
  x.m.category,
  x.m.status,
  x.m.joinedOn,
  x.m.confirmedOn,
];
const text = (r: readonly unknown[]) => `${r.map(copyValue).join('\t')}\n`;
const inline = (x: { m: { idNumber: string; phone: string | null } }) => {
  const id = seal('idNumber', x.m.idNumber);
  const p = sealOptional('phone', x.m.phone);
  return [id.enc, id.hash, id.masked, p.enc, p.hash, p.masked];
};
async function measure(label: string, f: () => Promise<number> | number) {
  const c = process.threadCpuUsage();
  const t = performance.now();
  const sink = await f();
  const cpu = process.threadCpuUsage(c);
  const us = (cpu.user + cpu.system) / N;
  const wall = (performance.now() - t) / 1000;
  console.log(
    `${label.padEnd(44)} main thread ${us.toFixed(1).padStart(6)} µs CPU/row; ${Math.round(N / wall)
      .toLocaleString('en')
      .padStart(7)} rows/s wall (load ${os.loadavg()[0].toFixed(1)})${sink ? '' : ' !'}`,
  );
}
await measure('People.make', () => {
  let s = 0;
  for (const x of members()) s += x.m.id;
  return s;
});
await measure('People.make + COPY text', () => {
  let s = 0;
  for (const x of members()) s += text(row(x, ['', '', '', '', '', ''])).length;
  return s;
});
await measure('People.make + seal inline + COPY text', () => {
  let s = 0;
  for (const x of members()) s += text(row(x, inline(x))).length;
  return s;
});
const pool = new SealPool(2);
await measure('People.make + seal on 2 workers + COPY text', async () => {
  let s = 0;
  const src = (function* () {
    for (const x of members()) yield { row: x, idNumber: x.m.idNumber, phone: x.m.phone };
  })();
  for await (const r of sealedRows(pool, src, (x, sealed, at) => row(x, sealed.slice(at, at + 6))))
    s += text(r).length;
  return s;
});
await pool.close();
