/**
 * The annual statistical report (统计年报) of a subtree, modelled on the tables of the party's
 * internal statistics: the membership and its structure at the end of the period, its increases
 * and decreases by cause, development, and the organizations.
 *
 * Decisions (docs/decisions/0026-statistics-as-of-a-date.md):
 * - The tree is the one that stood on the last day of the period (org_versions), for the opening
 *   count too: an org that moved into the subtree during the year brings its members into both
 *   counts, so the flows only hold what happened to members (no "adjustment" line is needed), and
 *   a move after the period changes nothing.
 * - A member's org, status and category on a date come from the register history; the fixed facts
 *   (gender, birth date, ethnicity, education, join date) from the register as it is now.
 * - The org must be in the actor's scope today; the figures cover the subtree as it stood then
 *   (aggregates only, no names).
 */
import { ageOn, type IsoDate } from '../../../domain/common/dates.js';
import { AGE_BANDS, ageBandOf } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { HAN_CODE } from '../../../domain/member/ethnicities.js';
import { MEMBER_STATUS_LABELS } from '../../../domain/member/labels.js';
import {
  ORG_KIND_LABELS,
  type OrgKind,
  SECTOR_LABELS,
  SECTORS,
  type Sector,
} from '../../../domain/org/labels.js';
import { JOIN_PERIODS, joinPeriodOf, YOUTH_MAX_AGE } from '../../../domain/stats/classifications.js';
import {
  DECREASE_CAUSES,
  DECREASE_LABELS,
  type DecreaseCause,
  INCREASE_CAUSES,
  INCREASE_LABELS,
  type IncreaseCause,
  type MemberPeriod,
  type RegisterEvent,
  replayMember,
} from '../../../domain/stats/register-replay.js';
import type { AnnualReportDto, ReportRowDto, ReportTableDto } from '../../../shared/contracts/stats.js';
import type { DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { fieldErrors, notFound } from '../../lib/errors.js';
import { watermarkText } from '../../lib/xlsx-export.js';
import { findOrg } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import { casesOf, historyOf, type MemberFacts, type OrgAsOf, treeAsOf, versionChanges } from './repo.js';
import { reportWorkbook } from './workbook.js';

const collegeCodes = new Set<string>(EDUCATION_LEVELS.filter((e) => e.collegeOrAbove).map((e) => e.code));
const pct = (n: number, of: number) => (of > 0 ? Math.round((n / of) * 1000) / 10 : null);

interface Period {
  year: number;
  from: IsoDate;
  to: IsoDate;
  partial: boolean;
}

/** The period of a report: a year (to today when it is the current one), or 1 January to a date. */
export function periodOf(q: { year?: number; asOf?: string }, today: IsoDate): Period {
  if (q.asOf) {
    if (q.asOf > today)
      throw fieldErrors([{ field: 'asOf', message: `统计截止日期：不能晚于今天（${today}）` }]);
    const year = Number(q.asOf.slice(0, 4));
    return { year, from: `${year}-01-01`, to: q.asOf, partial: q.asOf !== `${year}-12-31` };
  }
  const year = q.year ?? Number(today.slice(0, 4)) - 1;
  const from = `${year}-01-01`;
  if (from > today) throw fieldErrors([{ field: 'year', message: `统计年度：${year}年尚未开始` }]);
  const end = `${year}-12-31`;
  return { year, from, to: end < today ? end : today, partial: end >= today };
}

export async function annualReport(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  q: { year?: number; asOf?: string },
): Promise<AnnualReportDto> {
  const org = await findOrg(db, ctx.actor.scope('stats.read'), orgId);
  if (!org) throw notFound('党组织');
  return reportOf(db, ctx, org, q);
}

/**
 * The report as an .xlsx: audited first (the entry's id is the watermark number), then written.
 * Aggregates only, but a printed report still names who produced it and when.
 */
export async function reportWorkbookFor(
  db: DbOrTx,
  ctx: RequestContext,
  orgId: number,
  q: { year?: number; asOf?: string },
) {
  const org = await findOrg(db, ctx.actor.scope('stats.read'), orgId);
  if (!org) throw notFound('党组织');
  const report = await reportOf(db, ctx, org, q);
  const auditId = await writeAudit(db, ctx, {
    action: 'stats.report_export',
    entity: 'org',
    entityId: report.org.id,
    orgPath: org.path,
    after: { year: report.year, from: report.from, to: report.to },
  });
  const who = `${ctx.actor.displayName}（${ctx.actor.username}）`;
  const buffer = await reportWorkbook(report, who, `${watermarkText(ctx.actor, ctx.now)} 编号：${auditId}`);
  const fileName = `${report.org.name}-${report.year}年统计年报${report.partial ? `-截至${report.to}` : ''}.xlsx`;
  return { buffer, fileName };
}

async function reportOf(
  db: DbOrTx,
  ctx: RequestContext,
  org: { id: number; name: string; kind: string },
  q: { year?: number; asOf?: string },
): Promise<AnnualReportDto> {
  const orgId = org.id;
  const period = periodOf(q, ctx.today);
  const tree = await treeAsOf(db, orgId, period.to);
  if (!tree.length) {
    throw fieldErrors([
      {
        field: q.asOf ? 'asOf' : 'year',
        message: `统计期末（${period.to}）该党组织尚未成立，没有可统计的数据`,
      },
    ]);
  }
  const rules = await loadRules(db);
  const orgIds = tree.map((o) => o.id);
  const [history, cases, changes] = await Promise.all([
    historyOf(db, orgIds, period.to),
    casesOf(db, orgIds, period.to),
    versionChanges(db, orgIds, period.from, period.to),
  ]);
  const orgById = new Map(tree.map((o) => [o.id, o]));
  const inTree = (id: number) => orgById.has(id);
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
    periods.push({ facts, p: replayMember(events, facts.joinedOn, period.from, period.to, inTree) });
  }

  const closing = periods.filter((x) => x.p.closingIn);
  const tables: ReportTableDto[] = [
    membersTable(closing, period.to),
    flowsTable(periods),
    developmentTable(periods, cases, orgById, period),
    orgsTable(tree, changes, closing, period, rules['branch.minFullMembers']),
  ];
  const opening = periods.filter((x) => x.p.openingIn).length;
  const increases = periods.reduce((n, x) => n + x.p.increases.length, 0);
  const decreases = periods.reduce((n, x) => n + x.p.decreases.length, 0);
  return {
    org: { id: org.id, name: orgById.get(org.id)?.name ?? org.name, kind: org.kind },
    year: period.year,
    from: period.from,
    to: period.to,
    partial: period.partial,
    tables,
    reconciliation: {
      opening,
      increases,
      decreases,
      closing: closing.length,
      balanced: opening + increases - decreases === closing.length,
    },
  };
}

const row = (key: string, label: string, indent: number, ...values: (number | null)[]): ReportRowDto => ({
  key,
  label,
  indent,
  values,
});

/** A section heading inside a table (no figures of its own). */
const heading = (key: string, label: string): ReportRowDto => ({ key, label, indent: 0, values: [] });

function membersTable(closing: { facts: MemberFacts; p: MemberPeriod }[], on: IsoDate): ReportTableDto {
  const total = closing.length;
  const count = (pred: (x: { facts: MemberFacts; p: MemberPeriod }) => boolean) => {
    const n = closing.filter(pred).length;
    return [n, pct(n, total)] as const;
  };
  const rows: ReportRowDto[] = [row('members.total', '党员总数', 0, total, total ? 100 : null)];
  rows.push(row('members.women', '女党员', 1, ...count((x) => x.facts.gender === 'female')));
  rows.push(row('members.minorities', '少数民族党员', 1, ...count((x) => x.facts.ethnicity !== HAN_CODE)));
  rows.push(row('members.full', '正式党员', 1, ...count((x) => x.p.closing?.category === 'full')));
  rows.push(row('members.probationary', '预备党员', 1, ...count((x) => x.p.closing?.category !== 'full')));
  for (const s of ['mobile', 'lost_contact'] as const) {
    rows.push(
      row(
        `members.status.${s}`,
        `${MEMBER_STATUS_LABELS[s]}党员`,
        1,
        ...count((x) => x.p.closing?.status === s),
      ),
    );
  }
  rows.push(
    row(
      'members.education.college',
      '大专及以上学历',
      1,
      ...count((x) => collegeCodes.has(x.facts.education)),
    ),
  );
  for (const e of EDUCATION_LEVELS) {
    rows.push(row(`members.education.${e.code}`, e.name, 1, ...count((x) => x.facts.education === e.code)));
  }
  for (const b of AGE_BANDS) {
    rows.push(
      row(
        `members.age.${b.code}`,
        b.label,
        1,
        ...count((x) => ageBandOf(ageOn(x.facts.birthDate, on)) === b.code),
      ),
    );
  }
  rows.push(heading('members.joined', '按入党时间分'));
  for (const jp of JOIN_PERIODS) {
    rows.push(
      row(
        `members.joined.${jp.code}`,
        jp.label,
        1,
        ...count((x) => joinPeriodOf(x.facts.joinedOn).code === jp.code),
      ),
    );
  }
  return {
    code: '表一',
    title: `党员队伍基本情况（截至${on}）`,
    columns: ['人数', '占党员总数%'],
    rows,
    note: '年龄按统计期末计算；学历、民族为党员名册现记录。',
  };
}

function flowsTable(periods: { facts: MemberFacts; p: MemberPeriod }[]): ReportTableDto {
  const inc = new Map<IncreaseCause, number>(INCREASE_CAUSES.map((c) => [c, 0]));
  const dec = new Map<DecreaseCause, number>(DECREASE_CAUSES.map((c) => [c, 0]));
  for (const { p } of periods) {
    for (const c of p.increases) inc.set(c, inc.get(c)! + 1);
    for (const c of p.decreases) dec.set(c, dec.get(c)! + 1);
  }
  const opening = periods.filter((x) => x.p.openingIn).length;
  const closing = periods.filter((x) => x.p.closingIn).length;
  const totalInc = [...inc.values()].reduce((a, b) => a + b, 0);
  const totalDec = [...dec.values()].reduce((a, b) => a + b, 0);
  const left = (['expelled', 'removed', 'withdrew', 'lapsed', 'left_other'] as const).reduce(
    (n, c) => n + dec.get(c)!,
    0,
  );
  const rows: ReportRowDto[] = [row('flows.opening', '期初党员数', 0, opening)];
  rows.push(row('flows.increase', '本期增加', 0, totalInc));
  for (const c of INCREASE_CAUSES) rows.push(row(`flows.increase.${c}`, INCREASE_LABELS[c], 1, inc.get(c)!));
  rows.push(row('flows.decrease', '本期减少', 0, totalDec));
  rows.push(row('flows.decrease.deceased', DECREASE_LABELS.deceased, 1, dec.get('deceased')!));
  rows.push(row('flows.decrease.left', '出党', 1, left));
  for (const c of ['expelled', 'removed', 'withdrew', 'lapsed', 'left_other'] as const) {
    rows.push(row(`flows.decrease.${c}`, DECREASE_LABELS[c], 2, dec.get(c)!));
  }
  rows.push(
    row('flows.decrease.transferred_out', DECREASE_LABELS.transferred_out, 1, dec.get('transferred_out')!),
  );
  rows.push(row('flows.closing', '期末党员数', 0, closing));
  rows.push(
    row('flows.check', '平衡校验（期初+增加−减少−期末，应为0）', 0, opening + totalInc - totalDec - closing),
  );
  return {
    code: '表二',
    title: '党员增减变化情况',
    columns: ['人数'],
    rows,
    note: '组织关系在本级党组织之内调整的不计增减；党组织在期内整建制调入的，其党员计入期初和期末。',
  };
}

function developmentTable(
  periods: { facts: MemberFacts; p: MemberPeriod }[],
  cases: Awaited<ReturnType<typeof casesOf>>,
  orgById: Map<number, OrgAsOf>,
  period: Period,
): ReportTableDto {
  const developed = periods.filter((x) => x.p.developedAt !== null);
  const total = developed.length;
  const count = (pred: (x: { facts: MemberFacts; p: MemberPeriod }) => boolean) => {
    const n = developed.filter(pred).length;
    return [n, pct(n, total)] as const;
  };
  const rows: ReportRowDto[] = [row('development.total', '发展党员数', 0, total, total ? 100 : null)];
  rows.push(row('development.women', '女性', 1, ...count((x) => x.facts.gender === 'female')));
  rows.push(row('development.minorities', '少数民族', 1, ...count((x) => x.facts.ethnicity !== HAN_CODE)));
  rows.push(
    row(
      'development.youth',
      `${YOUTH_MAX_AGE}岁及以下`,
      1,
      ...count((x) => ageOn(x.facts.birthDate, x.facts.joinedOn) <= YOUTH_MAX_AGE),
    ),
  );
  rows.push(
    row('development.college', '大专及以上学历', 1, ...count((x) => collegeCodes.has(x.facts.education))),
  );
  rows.push(heading('development.sector', '按所在党组织领域分'));
  for (const s of SECTORS) {
    const n = developed.filter((x) => orgById.get(x.p.developedAt!)?.sector === s).length;
    if (n) rows.push(row(`development.sector.${s}`, SECTOR_LABELS[s as Sector], 1, n, pct(n, total)));
  }
  const confirmed = periods.filter((x) => x.p.confirmed).length;
  rows.push(row('development.confirmed', '预备党员转为正式党员', 0, confirmed, null));
  // The pipeline on the last day: the furthest stage reached by then, unless closed by then.
  const on = period.to;
  let applicants = 0;
  let activists = 0;
  let candidates = 0;
  for (const c of cases) {
    if (c.closedOn && c.closedOn <= on && c.status !== 'completed') continue;
    if (c.admittedOn && c.admittedOn <= on) continue;
    if (c.candidateOn && c.candidateOn <= on) candidates++;
    else if (c.activistOn && c.activistOn <= on) activists++;
    else applicants++;
  }
  rows.push(row('development.pipeline.applicants', '入党申请人（尚未确定为积极分子）', 0, applicants, null));
  rows.push(row('development.pipeline.activists', '入党积极分子（尚未列为发展对象）', 0, activists, null));
  rows.push(row('development.pipeline.candidates', '发展对象', 0, candidates, null));
  return {
    code: '表三',
    title: '发展党员情况',
    columns: ['人数', '占发展党员%'],
    rows,
    note: `发展党员指入党日期在${period.from}至${period.to}之间并在本级党组织内接收为预备党员的；年龄按入党时计算；申请人、积极分子、发展对象为期末在本级党组织的发展党员工作记录。`,
  };
}

function orgsTable(
  tree: OrgAsOf[],
  changes: Awaited<ReturnType<typeof versionChanges>>,
  closing: { facts: MemberFacts; p: MemberPeriod }[],
  period: Period,
  minFull: number,
): ReportTableDto {
  const active = tree.filter((o) => o.status === 'active');
  const grassroots = active.filter((o) => o.kind !== 'group');
  const rows: ReportRowDto[] = [row('orgs.total', '党组织总数（不含党小组）', 0, grassroots.length)];
  for (const k of ['committee', 'general_branch', 'branch', 'joint_branch'] as const) {
    rows.push(
      row(`orgs.kind.${k}`, ORG_KIND_LABELS[k as OrgKind], 1, grassroots.filter((o) => o.kind === k).length),
    );
  }
  rows.push(heading('orgs.sector', '按领域分（不含党小组）'));
  for (const s of SECTORS) {
    const n = grassroots.filter((o) => o.sector === s).length;
    if (n) rows.push(row(`orgs.sector.${s}`, SECTOR_LABELS[s as Sector], 1, n));
  }
  rows.push(row('orgs.kind.group', '党小组', 0, active.filter((o) => o.kind === 'group').length));
  const founded = tree.filter(
    (o) => o.kind !== 'group' && o.firstFrom >= period.from && o.firstFrom <= period.to,
  );
  const dissolved = changes.filter((c) => c.change === 'dissolved' && c.kind !== 'group');
  rows.push(row('orgs.founded', '本期新建党组织', 0, founded.length));
  rows.push(row('orgs.dissolved', '本期撤销党组织', 0, dissolved.length));
  const fullByOrg = new Map<number, number>();
  for (const x of closing) {
    if (x.p.closing?.category !== 'full') continue;
    fullByOrg.set(x.p.closing.orgId, (fullByOrg.get(x.p.closing.orgId) ?? 0) + 1);
  }
  // A branch's members may sit in its party groups: count them up to the branch.
  const byId = new Map(tree.map((t) => [t.id, t]));
  const branchOf = (orgId: number) => {
    const o = byId.get(orgId);
    return o?.kind === 'group' ? o.parentId : orgId;
  };
  const fullByBranch = new Map<number, number>();
  for (const [orgId, n] of fullByOrg) {
    const b = branchOf(orgId);
    if (b !== null) fullByBranch.set(b, (fullByBranch.get(b) ?? 0) + n);
  }
  const branches = active.filter((o) => o.kind === 'branch' || o.kind === 'joint_branch');
  rows.push(
    row(
      'orgs.branches_below_min',
      `正式党员不足${minFull}名的党支部`,
      0,
      branches.filter((b) => (fullByBranch.get(b.id) ?? 0) < minFull).length,
    ),
  );
  return {
    code: '表四',
    title: `党组织情况（截至${period.to}）`,
    columns: ['个数'],
    rows,
    note: `按统计期末（${period.to}）的组织隶属关系统计，含本级；新建以首次记录日期计，撤销以撤销记录日期计。`,
  };
}
