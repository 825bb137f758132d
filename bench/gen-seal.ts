// DATABASE_URL=postgres://…/an_empty_or_generated_db JICENG_DATA_KEY=… npx tsx bench/gen-seal.ts [--n 50000] [--rounds 3]
// The members step's sealing (issue #21 part 6): a member's ID number and phone sealed as the
// generator does (lib/pii.ts seal: SM4-CTR + HMAC-SM3 and two keyed hashes), against the same
// sealing with a new OpenSSL context per value (createCipheriv / createHmac, the code before), in
// alternating rounds of the same values so that the shared machine's load falls on both alike.
// Also People.make alone. Rows per second, with the load average. The database only holds the
// data keys (migrated, keys created on first use).
import { createCipheriv, createHmac } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { loadDivision } from '../scripts/gen/division.js';
import { type GenMember, People } from '../scripts/gen/people.js';
import { TreeBuilder } from '../scripts/gen/tree.js';
import { Rng } from '../scripts/seed/prng.js';
import { maskIdNumber, maskPhone } from '../src/domain/member/id-number.js';
import { openPostgres } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { deploymentKey, hashOf, loadDataKeys, seal, sealOptional, unseal } from '../src/server/lib/pii.js';

const { values } = parseArgs({
  options: { n: { type: 'string', default: '50000' }, rounds: { type: 'string', default: '3' } },
});
const N = Number(values.n);
const url = process.env.DATABASE_URL as string;
const kek = deploymentKey({ dataDir: '', databaseUrl: url });
const database = await openPostgres(url, 1);
await runMigrations(database);
await loadDataKeys(database.db, { kek });
// The raw keys, for the per-value-context reference below.
const { readDataKeys } = await import('../src/server/lib/pii.js');
const keys = await readDataKeys(database.db, kek);
await database.close();
const enc = keys.filter((k) => k.purpose === 'enc' && !k.retired).at(-1);
const hashKey = keys.find((k) => k.purpose === 'hash' && !k.retired);
if (!enc || !hashKey || enc.suite !== 's1') throw new Error('needs SM keys (suite s1)');

const divs = loadDivision('6201');
const orgs = new TreeBuilder(new Rng(7), {
  level: 'city',
  targetOrgs: 20_000,
  targetMembers: 400_000,
  today: '2026-11-23',
}).build(divs);
const leaves = orgs.filter((o) => o.size > 0);
const people = new People(new Rng(1), '2026-11-23', '62', ['620102']);
const t0 = performance.now();
const members: GenMember[] = [];
for (const b of leaves) {
  for (let i = 0; i < b.size && members.length < N; i++) members.push(people.make(b, null));
  if (members.length >= N) break;
}
const makeRate = N / ((performance.now() - t0) / 1000);

// The sealing with a context per value, as pii.ts did before (same format, same keys).
const mac = (key: Buffer, ...parts: (Buffer | string)[]) => {
  const h = createHmac('sm3', key);
  for (const p of parts) h.update(p);
  return h.digest();
};
const encKey = mac(enc.key, 'jiceng/enc/v1').subarray(0, 16);
const macKey = mac(enc.key, 'jiceng/mac/v1');
const hashKeys = {
  idNumber: mac(hashKey.key, 'jiceng/hash/idNumber/v1'),
  phone: mac(hashKey.key, 'jiceng/hash/phone/v1'),
};
const { randomBytes } = await import('node:crypto');
function oldSeal(kind: 'idNumber' | 'phone', plain: string) {
  const iv = randomBytes(16);
  const c = createCipheriv('sm4-ctr', encKey, iv);
  const ct = Buffer.concat([c.update(Buffer.from(plain, 'utf8')), c.final()]);
  const tag = mac(macKey, `s1|${enc?.id}`, '\0', iv, ct);
  return {
    enc: `s1:${enc?.id}:${Buffer.concat([iv, ct, tag]).toString('base64')}`,
    hash: mac(hashKeys[kind], plain).toString('hex'),
    masked: kind === 'idNumber' ? maskIdNumber(plain) : maskPhone(plain),
  };
}
// The reference must be the same format: its values unseal and hash like the app's.
const probe = oldSeal('idNumber', members[0].idNumber);
if (unseal(probe.enc) !== members[0].idNumber || probe.hash !== hashOf('idNumber', members[0].idNumber))
  throw new Error('the reference sealing differs from pii.ts');

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const rate = (f: () => void) => {
  const t = performance.now();
  f();
  return N / ((performance.now() - t) / 1000);
};
const fmt = (r: number) => Math.round(r).toLocaleString('en').padStart(8);
console.log(`People.make alone: ${fmt(makeRate)} rows/s (load ${load()})`);
let sink = 0;
for (let r = 0; r < Number(values.rounds); r++) {
  const before = rate(() => {
    for (const m of members) {
      sink += oldSeal('idNumber', m.idNumber).enc.length;
      if (m.phone) sink += oldSeal('phone', m.phone).enc.length;
    }
  });
  const after = rate(() => {
    for (const m of members) {
      sink += seal('idNumber', m.idNumber).enc.length;
      sink += sealOptional('phone', m.phone).enc?.length ?? 0;
    }
  });
  console.log(
    `round ${r + 1}: a context per value ${fmt(before)} rows/s (${(1e6 / before).toFixed(1)} µs/row); kept contexts ${fmt(after)} rows/s (${(1e6 / after).toFixed(1)} µs/row); ×${(after / before).toFixed(1)} (load ${load()})`,
  );
}
if (sink === 0) throw new Error('nothing sealed');
