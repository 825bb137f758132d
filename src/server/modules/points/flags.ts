/**
 * Anomaly flags (points_flags): raised by the scans below, one per key (the unique index keeps a
 * scan from raising the same one twice, whatever its state), open until someone holding
 * points.approve over the member clears or confirms it with a note. A flag changes no points by
 * itself: a confirmed one is followed, where needed, by a deduction through the two-person award.
 */
import { and, desc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import { addDays, type IsoDate } from '../../../domain/common/dates.js';
import { outliers } from '../../../domain/points/index.js';
import type { Rules } from '../../../domain/rules/index.js';
import {
  FLAG_KINDS,
  FLAG_STATUSES,
  type FlagDto,
  type flagDecideBody,
  type flagListQuery,
} from '../../../shared/contracts/points.js';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import { members, orgs, pointsFlags } from '../../db/schema/index.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { inSubtree } from '../../lib/scope.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { orgRepo } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import { idArray } from './recompute.js';

type FlagInsert = typeof pointsFlags.$inferInsert;

async function insertFlags(tx: DbOrTx, rows: FlagInsert[]): Promise<number> {
  if (rows.length === 0) return 0;
  let n = 0;
  for (let i = 0; i < rows.length; i += 1000) {
    const got = await tx
      .insert(pointsFlags)
      .values(rows.slice(i, i + 1000))
      .onConflictDoNothing({ target: pointsFlags.key })
      .returning({ id: pointsFlags.id });
    n += got.length;
  }
  return n;
}

const hourCondition = (w: { from: number; to: number }) => {
  const hour = sql`extract(hour from b.at at time zone 'Asia/Shanghai')`;
  if (w.from === w.to) return sql`false`;
  return w.from < w.to
    ? sql`(${hour} >= ${w.from} and ${hour} < ${w.to})`
    : sql`(${hour} >= ${w.from} or ${hour} < ${w.to})`;
};

/**
 * Study flags of the sessions active since `since`: a session superseded by a session of another
 * device while it was still beating (two devices at once: the superseded session's later beats
 * credited nothing, the verdict `superseded`), and credited study within learning.oddHours.
 */
export async function scanStudyFlags(tx: DbOrTx, since: IsoDate, today: IsoDate, rules?: Rules) {
  const r = rules ?? (await loadRules(tx));
  const window = r['learning.oddHours'];
  const sinceTs = `${since}T00:00:00+08:00`;
  const twoDevices = await queryRows(
    tx,
    sql`select s.member_id as "memberId", m.org_id as "orgId", m.org_path::text as "orgPath", s.id::int as "sessionId",
          s2.id::int as "otherId", li.title,
          to_char(min(b.at) at time zone 'Asia/Shanghai', 'YYYY-MM-DD HH24:MI') as at
        from study_sessions s
        join study_sessions s2 on s2.id = s.superseded_by and s2.device_hash <> s.device_hash
        join study_beats b on b.session_id = s.id and b.verdict = 'superseded'
        join members m on m.id = s.member_id
        left join learning_items li on li.id = s.item_id
        where s.last_beat_at >= ${sinceTs}::timestamptz
        group by s.member_id, m.org_id, m.org_path, s.id, s2.id, li.title`,
    z.object({
      memberId: z.number(),
      orgId: z.number(),
      orgPath: z.string(),
      sessionId: z.number(),
      otherId: z.number(),
      title: z.string().nullable(),
      at: z.string(),
    }),
  );
  const odd = await queryRows(
    tx,
    sql`select s.member_id as "memberId", m.org_id as "orgId", m.org_path::text as "orgPath",
          to_char(b.at at time zone 'Asia/Shanghai', 'YYYY-MM-DD') as day,
          sum(b.credited_seconds)::int as seconds, count(*)::int as beats
        from study_sessions s
        join study_beats b on b.session_id = s.id and b.verdict = 'credited' and b.at >= ${sinceTs}::timestamptz
        join members m on m.id = s.member_id
        where s.last_beat_at >= ${sinceTs}::timestamptz and ${hourCondition(window)}
        group by 1, 2, 3, 4`,
    z.object({
      memberId: z.number(),
      orgId: z.number(),
      orgPath: z.string(),
      day: z.string(),
      seconds: z.number(),
      beats: z.number(),
    }),
  );
  const rows: FlagInsert[] = [
    ...twoDevices.map((t) => ({
      memberId: t.memberId,
      orgId: t.orgId,
      orgPath: t.orgPath,
      kind: 'two_devices',
      key: `two_devices:${t.sessionId}`,
      raisedOn: today,
      detail: { sessionId: t.sessionId, otherSessionId: t.otherId, title: t.title, at: t.at },
    })),
    ...odd.map((o) => ({
      memberId: o.memberId,
      orgId: o.orgId,
      orgPath: o.orgPath,
      kind: 'odd_hours',
      key: `odd_hours:${o.memberId}:${o.day}`,
      raisedOn: today,
      detail: { day: o.day, seconds: o.seconds, beats: o.beats, from: window.from, to: window.to },
    })),
  ];
  return insertFlags(tx, rows);
}

/**
 * Members whose yearly points exceed their branch's Q3 + points.outlierFactor × max(IQR,
 * points.outlierMinSpread), in branches of at least points.outlierMinBranch members.
 */
export async function scanOutliers(
  tx: DbOrTx,
  year: number,
  today: IsoDate,
  opts: { orgIds?: number[]; rules?: Rules } = {},
) {
  const rules = opts.rules ?? (await loadRules(tx));
  const rule = {
    factor: rules['points.outlierFactor'],
    minSpread: rules['points.outlierMinSpread'],
    minBranch: rules['points.outlierMinBranch'],
  };
  if (opts.orgIds && opts.orgIds.length === 0) return 0;
  const totals = await queryRows(
    tx,
    // Every member on the register, those without entries this year at 0: they are the branch too.
    sql`select m.id as "memberId", m.org_id as "orgId", m.org_path::text as "orgPath", coalesce(t.points, 0) as points
        from members m left join points_totals t on t.member_id = m.id and t.year = ${year}
        where m.status not in ('left', 'deceased')
        ${opts.orgIds ? sql`and m.org_id = any(${idArray(opts.orgIds)})` : sql``}
        order by m.org_id`,
    z.object({ memberId: z.number(), orgId: z.number(), orgPath: z.string(), points: z.number() }),
  );
  const byOrg = new Map<number, typeof totals>();
  for (const t of totals) {
    const list = byOrg.get(t.orgId) ?? [];
    list.push(t);
    byOrg.set(t.orgId, list);
  }
  const rows: FlagInsert[] = [];
  for (const list of byOrg.values()) {
    for (const f of outliers(list, (t) => t.points, rule)) {
      rows.push({
        memberId: f.item.memberId,
        orgId: f.item.orgId,
        orgPath: f.item.orgPath,
        kind: 'outlier',
        key: `outlier:${f.item.memberId}:${year}`,
        raisedOn: today,
        detail: {
          year,
          points: f.points,
          threshold: Math.round(f.threshold * 10) / 10,
          q3: f.q3,
          iqr: f.iqr,
          factor: rule.factor,
          minSpread: rule.minSpread,
          branchSize: list.length,
        },
      });
    }
  }
  return insertFlags(tx, rows);
}

/** The daily scan: study of the last two days, the year's outliers in every branch. */
export async function dailyScan(tx: DbOrTx, today: IsoDate) {
  const rules = await loadRules(tx);
  const study = await scanStudyFlags(tx, addDays(today, -2), today, rules);
  const outlier = await scanOutliers(tx, Number(today.slice(0, 4)), today, { rules });
  return { study, outlier };
}

// ---- reading and deciding ----------------------------------------------------------------------

const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));

export function flagSummary(kind: string, d: Record<string, unknown>): string {
  switch (kind) {
    case 'two_devices':
      return `${String(d.at ?? '')} 学习${d.title ? `《${String(d.title)}》` : ''}时，另一台设备开始学习（两台设备同时学习）`;
    case 'odd_hours':
      return `${String(d.day ?? '')} 在${num(d.from)}时至${num(d.to)}时之间在线学习计入${Math.round(num(d.seconds) / 60)}分钟`;
    case 'outlier': {
      // A tight branch is measured by the minimum spread in force at the scan (points.outlierMinSpread): say so.
      const min = num(d.minSpread);
      const iqr = num(d.iqr) < min ? `${num(d.iqr)}，不足${min}分按${min}分计` : `${num(d.iqr)}`;
      return `${num(d.year)}年积分${num(d.points)}分，高于本支部判定线${num(d.threshold)}分（上四分位数${num(d.q3)}，四分位距${iqr}，倍数${num(d.factor)}；支部${num(d.branchSize)}人）`;
    }
    default:
      return kind;
  }
}

const decider = sql<string | null>`(select display_name from users where id = ${pointsFlags.decidedBy})`;

function toDto(
  f: typeof pointsFlags.$inferSelect,
  memberName: string,
  orgName: string,
  decidedByName: string | null,
): FlagDto {
  return {
    id: f.id,
    memberId: f.memberId,
    memberName,
    orgId: f.orgId,
    orgName,
    kind: (FLAG_KINDS as readonly string[]).includes(f.kind) ? (f.kind as FlagDto['kind']) : 'outlier',
    raisedOn: f.raisedOn,
    summary: flagSummary(f.kind, f.detail),
    status: (FLAG_STATUSES as readonly string[]).includes(f.status)
      ? (f.status as FlagDto['status'])
      : 'open',
    decidedByName,
    decidedAt: f.decidedAt ? f.decidedAt.toISOString() : null,
    decisionNote: f.decisionNote,
  };
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof flagListQuery>) {
  const scope = ctx.actor.scope('points.read');
  const org = await orgRepo.findOrg(db, scope, q.orgId);
  if (!org) throw notFound('党组织');
  const where = and(
    inSubtree(pointsFlags.orgPath, org.path),
    scope.pathCondition(pointsFlags.orgPath),
    q.status ? eq(pointsFlags.status, q.status) : undefined,
    q.kind ? eq(pointsFlags.kind, q.kind) : undefined,
  );
  const [rows, [{ total }]] = await Promise.all([
    db
      .select({ f: pointsFlags, memberName: members.name, orgName: orgs.name, decidedByName: decider })
      .from(pointsFlags)
      .innerJoin(members, eq(members.id, pointsFlags.memberId))
      .innerJoin(orgs, eq(orgs.id, pointsFlags.orgId))
      .where(where)
      .orderBy(desc(pointsFlags.raisedOn), desc(pointsFlags.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    db.select({ total: sql<number>`count(*)::int` }).from(pointsFlags).where(where),
  ]);
  return { data: rows.map((r) => toDto(r.f, r.memberName, r.orgName, r.decidedByName)), total };
}

export async function decide(db: Db, ctx: RequestContext, id: number, body: z.infer<typeof flagDecideBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const [row] = await tx
      .select({ f: pointsFlags, memberName: members.name, orgName: orgs.name })
      .from(pointsFlags)
      .innerJoin(members, eq(members.id, pointsFlags.memberId))
      .innerJoin(orgs, eq(orgs.id, pointsFlags.orgId))
      .where(
        and(eq(pointsFlags.id, id), ctx.actor.scope('points.approve').pathCondition(pointsFlags.orgPath)),
      )
      .for('update', { of: pointsFlags });
    if (!row) throw notFound('积分异常');
    if (row.f.status !== 'open') throw new AppError('POINTS_FLAG_DECIDED');
    const [updated] = await tx
      .update(pointsFlags)
      .set({ status: body.status, decidedBy: ctx.actor.userId, decidedAt: ctx.now, decisionNote: body.note })
      .where(eq(pointsFlags.id, id))
      .returning();
    await writeAudit(tx, ctx, {
      action: 'points.flag.decide',
      entity: 'points_flag',
      entityId: id,
      orgPath: row.f.orgPath,
      before: { status: 'open' },
      after: { status: body.status, memberId: row.f.memberId, kind: row.f.kind },
      reason: body.note,
    });
    return toDto(updated, row.memberName, row.orgName, ctx.actor.displayName);
  });
}
