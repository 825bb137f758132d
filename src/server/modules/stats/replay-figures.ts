/**
 * The reference: one subtree's figures by replaying every member's register history in JavaScript
 * (`replayMember`), as the report did before issue #21. The report no longer uses it; the property
 * test (test/api/stats-figures.test.ts) holds the SQL and the kept figures equal to it, and
 * bench/stats.ts times it beside them.
 */
import { ageOn, type IsoDate } from '../../../domain/common/dates.js';
import { ageBandOf } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { HAN_CODE } from '../../../domain/member/ethnicities.js';
import { joinPeriodOf, YOUTH_MAX_AGE } from '../../../domain/stats/classifications.js';
import {
  type MemberPeriod,
  type RegisterEvent,
  replayMember,
} from '../../../domain/stats/register-replay.js';
import type { DbOrTx } from '../../db/client.js';
import type { FigurePeriod, Figures } from './figures.js';
import { casesOf, historyOf, type MemberFacts, treeAsOf, versionChanges } from './repo.js';

const collegeCodes = new Set<string>(EDUCATION_LEVELS.filter((e) => e.collegeOrAbove).map((e) => e.code));

/** The figures of `rootId`'s subtree as it stood on the period's last day (null: no such org then). */
export async function replayFigures(
  db: DbOrTx,
  rootId: number,
  period: FigurePeriod,
  minFull: number,
): Promise<Figures | null> {
  const tree = await treeAsOf(db, rootId, period.to);
  if (!tree.length) return null;
  const orgIds = tree.map((o) => o.id);
  const [history, cases, changes] = await Promise.all([
    historyOf(db, orgIds, period.to),
    casesOf(db, orgIds, period.to),
    versionChanges(db, orgIds, period.from, period.to),
  ]);
  const orgById = new Map(tree.map((o) => [o.id, o]));
  const factsById = new Map(history.facts.map((f) => [f.id, f]));
  const eventsByMember = new Map<number, RegisterEvent[]>();
  for (const e of history.events) {
    const list = eventsByMember.get(e.memberId);
    if (list) list.push(e);
    else eventsByMember.set(e.memberId, [e]);
  }
  const periods: { facts: MemberFacts; p: MemberPeriod }[] = [];
  for (const [memberId, events] of eventsByMember) {
    const facts = factsById.get(memberId);
    if (!facts) continue;
    const p = replayMember(events, facts.joinedOn, period.from, period.to, (id) => orgById.has(id));
    periods.push({ facts, p });
  }

  const f: Figures = {};
  const add = (key: string, n = 1) => {
    f[key] = (f[key] ?? 0) + n;
  };
  const on: IsoDate = period.to;
  const fullByBranch = new Map<number, number>();
  for (const { facts, p } of periods) {
    if (p.openingIn) add('open');
    for (const c of p.increases) add(`inc.${c}`);
    for (const c of p.decreases) add(`dec.${c}`);
    if (p.confirmed) add('confirmed');
    if (p.developedAt !== null) {
      add('dev');
      if (facts.gender === 'female') add('dev.women');
      if (facts.ethnicity !== HAN_CODE) add('dev.minority');
      if (ageOn(facts.birthDate, facts.joinedOn) <= YOUTH_MAX_AGE) add('dev.youth');
      if (collegeCodes.has(facts.education)) add('dev.college');
      add(`dev.sector.${orgById.get(p.developedAt)?.sector}`);
    }
    if (!p.closingIn || !p.closing) continue;
    add('close');
    if (facts.gender === 'female') add('close.women');
    if (facts.ethnicity !== HAN_CODE) add('close.minority');
    if (p.closing.category === 'full') {
      add('close.full');
      const o = orgById.get(p.closing.orgId);
      const branch = o?.kind === 'group' ? o.parentId : p.closing.orgId;
      if (branch !== null) fullByBranch.set(branch, (fullByBranch.get(branch) ?? 0) + 1);
    }
    if (p.closing.status !== 'active') add(`close.status.${p.closing.status}`);
    if (collegeCodes.has(facts.education)) add('close.college');
    add(`close.edu.${facts.education}`);
    add(`close.age.${ageBandOf(ageOn(facts.birthDate, on))}`);
    add(`close.join.${joinPeriodOf(facts.joinedOn).code}`);
  }
  for (const c of cases) {
    if (c.closedOn && c.closedOn <= on && c.status !== 'completed') continue;
    if (c.admittedOn && c.admittedOn <= on) continue;
    if (c.candidateOn && c.candidateOn <= on) add('pipe.candidates');
    else if (c.activistOn && c.activistOn <= on) add('pipe.activists');
    else add('pipe.applicants');
  }
  for (const o of tree) {
    if (o.status === 'active') {
      add(`orgs.kind.${o.kind}`);
      if (o.kind !== 'group') {
        add('orgs.total');
        add(`orgs.sector.${o.sector}`);
      }
      if ((o.kind === 'branch' || o.kind === 'joint_branch') && (fullByBranch.get(o.id) ?? 0) < minFull) {
        add('orgs.below_min');
      }
    }
    if (o.kind !== 'group' && o.firstFrom >= period.from && o.firstFrom <= period.to) add('orgs.founded');
  }
  for (const c of changes) if (c.change === 'dissolved' && c.kind !== 'group') add('orgs.dissolved');
  return f;
}
