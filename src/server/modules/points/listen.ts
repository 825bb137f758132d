/**
 * What keeps the points ledger current: the listeners of the unit of work and the daily steps.
 *
 * A touched topic names branches; their members (on the register or not) are recomputed for this
 * year and the last one (a meeting of December is often recorded in January), then the touched
 * branches are scanned for outliers. The cost is bounded by the members of the touched orgs, never
 * the whole province: the dues job's monthly ledger rows touch nothing (a new month owes nothing
 * yet), and the daily step below turns the months just ended into "late" for the members who owe
 * them, finding them by the ledger and the absence of their entry.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import { type DbOrTx, queryRows, type Tx } from '../../db/client.js';
import type { DailyStep } from '../manifest.js';
import { dailyScan, scanOutliers } from './flags.js';
import { idArray, membersOfOrgs, recomputePoints } from './recompute.js';

export async function onSourcesTouched(tx: DbOrTx, orgIds: number[], today: IsoDate) {
  const ids = await membersOfOrgs(tx, orgIds);
  if (ids.length === 0) return;
  const year = Number(today.slice(0, 4));
  await recomputePoints(tx, ids, [year - 1, year], today);
  await scanOutliers(tx, year, today, { orgIds });
}

/** Orgs moved or renamed: the totals, awards and flags of their members follow the new paths. */
export async function onOrgsTouched(tx: DbOrTx, orgIds: number[]) {
  if (orgIds.length === 0) return;
  const touched = sql`(select o.id from orgs o join orgs r on o.path <@ r.path where r.id = any(${idArray(orgIds)}))`;
  await tx.execute(sql`
    update points_totals t set org_id = m.org_id, org_path = m.org_path
    from members m
    where m.id = t.member_id and m.org_id in ${touched}
      and (t.org_id <> m.org_id or t.org_path <> m.org_path)`);
  for (const table of ['points_awards', 'points_flags']) {
    await tx.execute(sql`
      update ${sql.identifier(table)} a set org_path = o.path
      from orgs o where o.id = a.org_id and o.id in ${touched} and a.org_path <> o.path`);
  }
}

/**
 * Months just ended still (partly) unpaid: the members who owe the last two months and have no
 * entry for them yet are recomputed (the deduction appears the day after the month ends).
 */
export const lateDuesStep: DailyStep = {
  name: 'points.lateDues',
  async run(tx: Tx, today: IsoDate) {
    const first = `${today.slice(0, 7)}-01`;
    const rows = await queryRows(
      tx,
      sql`select distinct l.member_id as "memberId", extract(year from l.month)::int as year
          from dues_ledger l
          where l.month < ${first}::date and l.month >= (${first}::date - interval '2 months')
            and l.status in ('unpaid', 'partial')
            and not exists (select 1 from points_entries e where e.member_id = l.member_id
                              and e.source_key = 'dues:' || to_char(l.month, 'YYYY-MM'))`,
      z.object({ memberId: z.number(), year: z.number() }),
    );
    const byYear = new Map<number, number[]>();
    for (const r of rows) byYear.set(r.year, [...(byYear.get(r.year) ?? []), r.memberId]);
    let appended = 0;
    for (const [year, ids] of byYear) appended += (await recomputePoints(tx, ids, [year], today)).appended;
    return { members: rows.length, appended };
  },
};

export const scanStep: DailyStep = {
  name: 'points.scan',
  async run(tx: Tx, today: IsoDate) {
    const found = await dailyScan(tx, today);
    return { studyFlags: found.study, outlierFlags: found.outlier };
  },
};
