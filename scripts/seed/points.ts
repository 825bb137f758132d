/**
 * The demo's points data (issue #20), after the learning and hours seeds: every member's ledger
 * recomputed from the seeded sources (meetings, dues, study, classes) for this year, in
 * batches (a few statements per two thousand members); a few manual awards in the demo branch (two
 * approved by the district, one deduction rejected, one waiting); then the anomaly scan over the
 * year, so the demo has a handful of open flags.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows, type Tx } from '../../src/server/db/client.js';
import { pointsAwards, pointsEntries } from '../../src/server/db/schema/index.js';
import {
  recomputePoints,
  refreshTotals,
  scanOutliers,
  scanStudyFlags,
} from '../../src/server/modules/points/index.js';

export interface SeedPointsOptions {
  today: string;
  seed: number;
}

async function ids(tx: DbOrTx, q: ReturnType<typeof sql>) {
  return (await queryRows(tx, q, z.object({ id: z.number() }))).map((r) => r.id);
}

export async function seedPoints(tx: Tx, opts: SeedPointsOptions): Promise<void> {
  const year = Number(opts.today.slice(0, 4));
  const memberIds = await ids(tx, sql`select id from members order by id`);
  // This year only: the demo's rankings and pages show the current year (last year's ledger is
  // recomputed by the listeners when a member's records change, or on demand).
  await recomputePoints(tx, memberIds, [year], opts.today);

  // Awards in the demo branch: proposed by its secretary, decided by the district (another person).
  const [secretary] = await ids(tx, sql`select id from users where username = 'secretary'`);
  const [district] = await ids(tx, sql`select id from users where username = 'district'`);
  const home = await queryRows(
    tx,
    sql`select m.id, m.org_id as "orgId", m.org_path::text as "orgPath" from users u
        join members s on s.id = u.member_id join members m on m.org_id = s.org_id
        where u.username = 'secretary' and m.status not in ('left', 'deceased') and m.id <> s.id
        order by m.id limit 4`,
    z.object({ id: z.number(), orgId: z.number(), orgPath: z.string() }),
  );
  if (secretary && district && home.length >= 4) {
    const d = (days: number) => {
      const t = new Date(`${opts.today}T00:00:00Z`);
      t.setUTCDate(t.getUTCDate() - days);
      return t.toISOString().slice(0, 10);
    };
    const plans = [
      // Together large enough to stand out in the branch: the outlier scan flags the member for review.
      {
        m: home[0],
        points: 20,
        reason: '汛期带头参加防汛抢险，受到市委通报表扬',
        on: d(40),
        status: 'approved',
      },
      {
        m: home[0],
        points: 20,
        reason: '抗震救灾中组织群众转移安置，获评优秀志愿者',
        on: d(75),
        status: 'approved',
      },
      {
        m: home[0],
        points: 15,
        reason: '“七一”获评全市优秀共产党员',
        on: d(150),
        status: 'approved',
      },
      { m: home[1], points: 3, reason: '主动帮扶困难群众，群众来信表扬', on: d(20), status: 'approved' },
      { m: home[2], points: -2, reason: '未按要求完成支部分配的志愿服务任务', on: d(10), status: 'rejected' },
      { m: home[3], points: 4, reason: '在社区疫情防控志愿服务中连续值守', on: d(3), status: 'proposed' },
    ];
    for (const p of plans) {
      if (p.on.slice(0, 4) !== String(year)) continue;
      const decided = p.status !== 'proposed';
      const [a] = await tx
        .insert(pointsAwards)
        .values({
          memberId: p.m.id,
          orgId: p.m.orgId,
          orgPath: p.m.orgPath,
          occurredOn: p.on,
          points: p.points,
          reason: p.reason,
          status: p.status,
          proposedBy: secretary,
          proposedAt: new Date(`${p.on}T02:00:00Z`),
          decidedBy: decided ? district : null,
          decidedAt: decided ? new Date(`${p.on}T08:00:00Z`) : null,
          decisionNote:
            p.status === 'approved' ? '同意' : p.status === 'rejected' ? '经核实已补做，不予扣分' : null,
        })
        .returning({ id: pointsAwards.id });
      if (p.status === 'approved') {
        await tx.insert(pointsEntries).values({
          memberId: p.m.id,
          orgId: p.m.orgId,
          orgPath: p.m.orgPath,
          year,
          occurredOn: p.on,
          rule: 'manual',
          sourceKey: `award:${a.id}`,
          points: p.points,
          kind: 'award',
          note: `奖励：${p.reason}`,
        });
      }
    }
    await refreshTotals(
      tx,
      home.map((h) => h.id),
      year,
    );
  }

  // The year's anomalies: study flags over the whole year, outliers in every branch.
  await scanStudyFlags(tx, `${year}-01-01`, opts.today);
  await scanOutliers(tx, year, opts.today);
}
