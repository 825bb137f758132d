/**
 * Keeps `orglife_compliance` in step with the records it is derived from.
 *
 * Why a table and not a computation per request: a city-wide heat map asks about ~10,000 orgs ×
 * ~60 requirements a year, and summing them in SQL over an ltree index is fast where loading every
 * meeting of the city into the process is not. The table stores only what does not depend on the
 * day (required, held, exemption); the state is derived on read (`stateOn`), so a period that closes
 * overnight turns from due to missed without anything being rewritten.
 *
 * Consistency: every write that can change a figure (a meeting submitted, reviewed, returned or
 * deleted, a heart talk, an exemption, an org founded/dissolved/moved, a committee or group change,
 * a member joining or leaving a branch, a rule override) calls `refreshCompliance` for the orgs it
 * touched, inside its own transaction. The rows of those orgs are rewritten whole, so the refresh is
 * idempotent and cannot drift.
 */
import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { IsoDate } from '../../../domain/common/dates.js';
import { isBranchKind, ORG_KINDS } from '../../../domain/org/labels.js';
import { evaluate, exemptionReason } from '../../../domain/orglife/compliance.js';
import { heartTalkRequirements, membersTalkedWith } from '../../../domain/orglife/heart-talks.js';
import { monthsBetweenKeys, type Period } from '../../../domain/orglife/periods.js';
import { MEETING_KINDS, type Requirement, requirementsFor } from '../../../domain/orglife/requirements.js';
import { type RuleHistory, rulesInForceOn } from '../../../domain/orglife/versions.js';
import { isRuleId, type RuleId, type Rules } from '../../../domain/rules/index.js';
import { bulkInsert } from '../../db/bulk.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { orglifeCompliance } from '../../db/schema/index.js';
import { loadRuleHistory, loadRules } from '../settings/index.js';

/** The first month judged: 'YYYY-MM' from the rule's six-digit value (202601 → 2026-01). */
export function trackingStart(rules: Rules): string {
  const v = rules['orglife.trackingStartMonth'];
  return `${Math.floor(v / 100)}-${String(v % 100).padStart(2, '0')}`;
}

const orgRow = z.object({
  id: z.number(),
  path: z.string(),
  kind: z.enum(ORG_KINDS),
  foundedOn: z.string().nullable(),
  dissolvedOn: z.string().nullable(),
});

const meetingRow = z.object({
  orgId: z.number(),
  kind: z.enum(MEETING_KINDS),
  heldOn: z.string(),
  groupId: z.number().nullable(),
  bySecretary: z.boolean(),
});

const exemptionRow = z.object({
  orgId: z.number(),
  ruleId: z.custom<RuleId>((v) => typeof v === 'string' && isRuleId(v)),
  periodKey: z.string(),
  reason: z.string(),
});

const idList = (ids: number[]) =>
  sql`array[${sql.join(
    ids.map((id) => sql`${id}`),
    sql`, `,
  )}]::int[]`;

/** Recomputes the compliance rows of `orgIds` (any kinds; non-branches end up with none). */
export async function refreshCompliance(
  tx: DbOrTx,
  orgIds: number[],
  today: IsoDate,
  opts: { rules?: Rules; history?: RuleHistory } = {},
): Promise<void> {
  const ids = [...new Set(orgIds)];
  if (ids.length === 0) return;
  const rules = opts.rules ?? (await loadRules(tx));
  const history = opts.history ?? (await loadRuleHistory(tx));
  const startMonth = trackingStart(rules);
  // Through the end of this year, so the calendar shows the periods still to come.
  const endMonth = `${today.slice(0, 4)}-12`;

  for (let i = 0; i < ids.length; i += 2000) {
    const chunk = ids.slice(i, i + 2000);
    await tx.delete(orglifeCompliance).where(inArray(orglifeCompliance.orgId, chunk));
    if (startMonth > endMonth) continue;
    const rows = await computeRows(tx, chunk, startMonth, endMonth, rules, history);
    await bulkInsert(tx, orglifeCompliance, rows, { chunk: 5000 });
  }
}

async function computeRows(
  tx: DbOrTx,
  ids: number[],
  startMonth: string,
  endMonth: string,
  rules: Rules,
  history: RuleHistory,
): Promise<(typeof orglifeCompliance.$inferInsert)[]> {
  const orgs = (
    await queryRows(
      tx,
      sql`select id, path::text as path, kind, founded_on::text as "foundedOn", dissolved_on::text as "dissolvedOn"
          from orgs where id = any(${idList(ids)})`,
      orgRow,
    )
  ).filter((o) => isBranchKind(o.kind));
  if (orgs.length === 0) return [];
  const branchIds = orgs.map((o) => o.id);
  const from = `${startMonth}-01`;

  const [committees, groups, meetings, members, talks, exemptions] = await Promise.all([
    queryRows(
      tx,
      sql`select org_id as "orgId", count(*)::int as n from committee_members
          where org_id = any(${idList(branchIds)}) and ended_on is null group by org_id`,
      z.object({ orgId: z.number(), n: z.number() }),
    ),
    queryRows(
      tx,
      sql`select parent_id as "parentId", id from orgs
          where parent_id = any(${idList(branchIds)}) and kind = 'group' and status = 'active'`,
      z.object({ parentId: z.number(), id: z.number() }),
    ),
    queryRows(
      tx,
      sql`select org_id as "orgId", kind, held_on::text as "heldOn", group_id as "groupId", by_secretary as "bySecretary"
          from meetings where org_id = any(${idList(branchIds)}) and held_on >= ${from}
          and status in ('submitted', 'reviewed')`,
      meetingRow,
    ),
    // Heart talks are asked of the members on the register now (not left or deceased): a member's
    // past org is not reconstructed, so a member transferred in this year is asked of this branch.
    queryRows(
      tx,
      sql`select org_id as "orgId", id from members
          where org_id = any(${idList(branchIds)}) and status not in ('left', 'deceased')`,
      z.object({ orgId: z.number(), id: z.number() }),
    ),
    queryRows(
      tx,
      sql`select org_id as "orgId", member_id as "memberId", talked_on::text as "talkedOn" from heart_talks
          where org_id = any(${idList(branchIds)}) and talked_on >= ${from}`,
      z.object({ orgId: z.number(), memberId: z.number(), talkedOn: z.string() }),
    ),
    queryRows(
      tx,
      sql`select org_id as "orgId", rule_id as "ruleId", period_key as "periodKey", reason
          from orglife_exemptions where org_id = any(${idList(branchIds)})`,
      exemptionRow,
    ),
  ]);

  const group = <T extends { orgId: number }>(rows: T[]) => {
    const m = new Map<number, T[]>();
    for (const r of rows) {
      const list = m.get(r.orgId);
      if (list) list.push(r);
      else m.set(r.orgId, [r]);
    }
    return m;
  };
  const committeeSize = new Map(committees.map((c) => [c.orgId, c.n]));
  const groupsOf = group(groups.map((g) => ({ orgId: g.parentId, id: g.id })));
  const meetingsOf = group(meetings);
  const membersOf = group(members);
  const talksOf = group(talks);
  const exemptionsOf = group(exemptions);
  const months = monthsBetweenKeys(startMonth, endMonth);
  const perMember = (p: Period) => rulesInForceOn(p.start, rules, history)['orglife.heartTalksPerYear'];

  const out: (typeof orglifeCompliance.$inferInsert)[] = [];
  for (const org of orgs) {
    const memberIds = (membersOf.get(org.id) ?? []).map((m) => m.id);
    const ctx = {
      // Only held and the exemption are stored; the state is derived on read from today.
      today: '9999-12-31',
      foundedOn: org.foundedOn,
      dissolvedOn: org.dissolvedOn,
      exemptions: exemptionsOf.get(org.id) ?? [],
    };
    const reqs: Requirement[] = [
      ...requirementsFor(
        {
          kind: org.kind,
          foundedOn: org.foundedOn,
          dissolvedOn: org.dissolvedOn,
          // A committee (支部委员会) has at least `branch.committeeSize.min` members; smaller branches
          // have a secretary, perhaps a deputy, and no 支委会 to hold (the meetings module agrees).
          hasCommittee: (committeeSize.get(org.id) ?? 0) >= rules['branch.committeeSize'].min,
          groupIds: (groupsOf.get(org.id) ?? []).map((g) => g.id),
        },
        startMonth,
        endMonth,
        rules,
        history,
      ),
      ...heartTalkRequirements(org, months, memberIds.length, rules, history),
    ];
    const held = (meetingsOf.get(org.id) ?? []).map((m) => ({
      kind: m.kind,
      date: m.heldOn,
      status: 'submitted' as const,
      groupId: m.groupId ?? undefined,
      bySecretary: m.bySecretary,
    }));
    for (const req of reqs) {
      // A period that began before tracking started is not judged: its first months were never recorded here.
      if (req.period.start < `${startMonth}-01`) continue;
      const count =
        req.meetingKind === 'heart_talk'
          ? membersTalkedWith(req.period, memberIds, talksOf.get(org.id) ?? [], perMember(req.period))
          : evaluate(req, held, ctx, rules, history).held;
      out.push({
        orgId: org.id,
        orgPath: org.path,
        ruleId: req.ruleId,
        meetingKind: req.meetingKind,
        periodKey: req.period.key,
        periodStart: req.period.start,
        periodEnd: req.period.end,
        subjectId: req.subjectId ?? 0,
        required: req.required,
        held: count,
        exemptReason: exemptionReason(req, ctx, rules, history),
      });
    }
  }
  return out;
}

/** Recomputes every branch (after a rule change, or to extend the table into a new year). */
export async function refreshAllCompliance(tx: DbOrTx, today: IsoDate): Promise<void> {
  const rows = await queryRows(
    tx,
    sql`select id from orgs where kind in ('branch', 'joint_branch') order by id`,
    z.object({ id: z.number() }),
  );
  const rules = await loadRules(tx);
  const history = await loadRuleHistory(tx);
  await refreshCompliance(
    tx,
    rows.map((r) => r.id),
    today,
    { rules, history },
  );
}
