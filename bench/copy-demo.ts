// Grows the seeded Lanzhou demo into a province for the benchmarks: copies the city `copies − 1`
// more times under one provincial root (ids shifted, ltree paths rewritten) and adds a `province`
// org_admin. Each benchmark names the tables it needs copied besides orgs and members, so the
// province keeps the demo's real mix (kept and missed meetings, paid and unpaid dues).
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Db } from '../src/server/db/client.js';
import { queryRows } from '../src/server/db/client.js';
import { hashPassword } from '../src/server/lib/passwords.js';

export interface CopiedTable {
  table: string;
  /** Copied as they are. */
  columns: string[];
  /** Org-id columns (shifted by the copy's org offset). */
  orgIds?: string[];
  /** Member-id columns (shifted by the copy's member offset). */
  memberIds?: string[];
  /** ltree columns of org paths (every label shifted). */
  paths?: string[];
  /** The org-id column that tells the original rows from copies already made. */
  ownerColumn: string;
}

const ORGS: CopiedTable = {
  table: 'orgs',
  columns: [
    'depth',
    'name',
    'short_name',
    'name_pinyin',
    'name_initials',
    'kind',
    'sector',
    'division_code',
    'status',
    'founded_on',
    'dissolved_on',
    'dissolve_reason',
    'covered_units',
  ],
  orgIds: ['id', 'parent_id'],
  paths: ['path'],
  ownerColumn: 'id',
};

const MEMBERS: CopiedTable = {
  table: 'members',
  columns: [
    'name',
    'name_pinyin',
    'name_initials',
    'gender',
    'ethnicity',
    'birth_date',
    'id_number',
    'phone',
    'education',
    'work_unit',
    'category',
    'status',
    'leave_reason',
    'left_on',
    'joined_on',
    'confirmed_on',
    'probation_extended_months',
  ],
  orgIds: ['org_id', 'group_id'],
  memberIds: ['id'],
  paths: ['org_path'],
  ownerColumn: 'org_id',
};

/** Copies the demo city into a province of `copies` cities; returns the provincial root's id. */
export async function copyDemo(db: Db, copies: number, tables: readonly CopiedTable[]): Promise<number> {
  const [{ maxOrg, maxMember }] = await queryRows(
    db,
    sql`select (select max(id) from orgs)::int as "maxOrg", (select max(id) from members)::int as "maxMember"`,
    z.object({ maxOrg: z.number(), maxMember: z.number() }),
  );
  const orgStep = maxOrg + 1;
  const memberStep = maxMember + 1;
  // Shifts every label of an ltree path by the copy's org offset.
  const shift = (col: string, off: number) =>
    `(select string_agg((x::int + ${off})::text, '.' order by o) from unnest(string_to_array(${col}::text, '.')) with ordinality as u(x, o))::ltree`;
  const all = [ORGS, MEMBERS, ...tables];
  const rootId = copies * orgStep + 1;
  await db.transaction(async (tx) => {
    for (let k = 1; k < copies; k++) {
      const oo = k * orgStep;
      const mo = k * memberStep;
      for (const t of all) {
        const cols = [...t.columns, ...(t.orgIds ?? []), ...(t.memberIds ?? []), ...(t.paths ?? [])];
        const exprs = [
          ...t.columns,
          ...(t.orgIds ?? []).map((c) => `${c} + ${oo}`),
          ...(t.memberIds ?? []).map((c) => `${c} + ${mo}`),
          ...(t.paths ?? []).map((c) => shift(c, oo)),
        ];
        const overriding = cols.includes('id') ? 'overriding system value' : '';
        await tx.execute(
          sql.raw(
            `insert into ${t.table} (${cols.join(', ')}) ${overriding}
             select ${exprs.join(', ')} from ${t.table} where ${t.ownerColumn} < ${orgStep}`,
          ),
        );
      }
    }
    // One provincial root above the copies of the city.
    await tx.execute(sql`insert into orgs (id, parent_id, path, depth, name, name_pinyin, name_initials, kind, sector, founded_on)
      overriding system value values (${rootId}, null, ${String(rootId)}::ltree, 0, '中共基准省委员会',
      'zhonggongjizhunshengweiyuanhui', 'zgjzswyh', 'committee', 'government', '2000-01-01')`);
    await tx.execute(sql`update orgs set parent_id = ${rootId} where parent_id is null and id <> ${rootId}`);
    for (const t of all) {
      for (const col of t.paths ?? []) {
        await tx.execute(
          sql.raw(
            `update ${t.table} set ${col} = '${rootId}'::ltree || ${col} where not ${col} <@ '${rootId}'::ltree`,
          ),
        );
      }
    }
    await tx.execute(sql`update orgs set depth = nlevel(path) - 1`);
    for (const t of ['orgs', 'members']) {
      await tx.execute(
        sql.raw(`select setval(pg_get_serial_sequence('${t}', 'id'), (select max(id) from ${t}))`),
      );
    }
    const hash = await hashPassword('bench-password');
    await tx.execute(
      sql`insert into users (username, display_name, password_hash) values ('province', '省委组织部', ${hash})`,
    );
    await tx.execute(sql`insert into role_assignments (user_id, role, org_id)
      values ((select id from users where username = 'province'), 'org_admin', ${rootId})`);
  });
  return rootId;
}
