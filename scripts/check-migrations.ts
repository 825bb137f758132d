// Migration check (CI): the journal lists every SQL file, in order, with strictly increasing
// timestamps — Drizzle's migrator silently skips a migration stamped older than the last one
// applied (DESIGN §4.8) — and the schema has no change that lacks a generated migration.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = path.join(import.meta.dirname, '../src/server/db/migrations');
const journal = JSON.parse(readFileSync(path.join(dir, 'meta/_journal.json'), 'utf8')) as {
  entries: Array<{ idx: number; when: number; tag: string }>;
};
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.sql'))
  .sort();
const problems: string[] = [];
const tags = journal.entries.map((e) => `${e.tag}.sql`);
if (JSON.stringify(tags) !== JSON.stringify(files)) {
  problems.push(`journal and files differ:\n  journal: ${tags.join(', ')}\n  files:   ${files.join(', ')}`);
}
for (let i = 1; i < journal.entries.length; i++) {
  const prev = journal.entries[i - 1];
  const cur = journal.entries[i];
  if (cur.when <= prev.when)
    problems.push(`${cur.tag} is stamped ${cur.when}, not after ${prev.tag} (${prev.when})`);
  if (cur.idx !== prev.idx + 1) problems.push(`${cur.tag} has idx ${cur.idx}, expected ${prev.idx + 1}`);
}
// drizzle-kit check validates the snapshots; a dry generate must find nothing to do.
const out = execFileSync('npx', ['drizzle-kit', 'generate', '--name=__check'], { encoding: 'utf8' });
if (!/No schema changes/i.test(out)) {
  problems.push(`the schema has changes without a migration; run npm run db:generate\n${out}`);
}
if (problems.length) {
  console.error(`migration check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`migration check ok: ${files.length} migrations in order, schema in step`);
