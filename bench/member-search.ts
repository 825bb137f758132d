// Issue #7: the member list's name search, query by query, on a generated province. For the root
// and every org one level below it, and each query users type (pinyin, initials, a surname, a
// given name in Chinese), with a gender filter: the page (members/repo.ts `list`, its total given
// so that only the page runs) and the capped count (`cappedCount`), one after the other, then the
// list as the app runs it (`list`: page and count at once, or one pass for Chinese text), after a
// warm-up. Prints one line per org and query, and the distribution of the whole list's times.
//
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/jiceng_gen_province npm run bench:search
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { openPostgres, queryRows } from '../src/server/db/client.js';
import { Scope } from '../src/server/lib/scope.js';
import * as members from '../src/server/modules/members/repo.js';

const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL is required: a database filled by npm run gen.');
  process.exit(2);
}
const database = await openPostgres(url, 2);
const QUERIES = ['wang', 'li', 'zhang', 'liu', 'chen', 'zh', 'wjg', '建国', '秀英', '王', '欧阳', 'ma'];
const RUNS = 2;
const orgs = await queryRows(
  database.db,
  sql`select path::text, name from orgs where nlevel(path) <= 2 and kind <> 'group' order by nlevel(path), id`,
  z.object({ path: z.string(), name: z.string() }),
);
const lists: number[] = [];
const ms = (x: number) => x.toFixed(1).padStart(6);
console.log('org | query | page ms (runs) | count ms (runs) | list ms (runs) | count');
for (const o of orgs) {
  const scope = Scope.of([o.path], null);
  for (const q of QUERIES) {
    const f = { orgPath: o.path, q, gender: 'female' as const };
    const page: number[] = [];
    const count: number[] = [];
    const whole: number[] = [];
    let n = 0;
    for (let r = 0; r <= RUNS; r++) {
      const a = performance.now();
      await members.list(database.db, scope, f, 1, 20, 0);
      const b = performance.now();
      n = await members.cappedCount(database.db, scope, f);
      const c = performance.now();
      // The list as the app runs it: page and count at once, or one pass for Chinese text.
      await members.list(database.db, scope, f, 1, 20);
      const d = performance.now();
      if (r === 0) continue;
      page.push(b - a);
      count.push(c - b);
      whole.push(d - c);
      lists.push(d - c);
    }
    console.log(
      `${o.name} | ${q} | ${page.map(ms).join(' ')} | ${count.map(ms).join(' ')} | ${whole.map(ms).join(' ')} | ${n}`,
    );
  }
}
lists.sort((x, y) => x - y);
const at = (p: number) => lists[Math.min(lists.length - 1, Math.floor(p * lists.length))];
console.log(
  `\n${lists.length} samples, the list as the app runs it: p50 ${ms(at(0.5))}, p95 ${ms(at(0.95))}, max ${ms(at(1))} ms`,
);
await database.close();
