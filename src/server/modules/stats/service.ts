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
import type { IsoDate } from '../../../domain/common/dates.js';
import { AGE_BANDS } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { MEMBER_STATUS_LABELS } from '../../../domain/member/labels.js';
import {
  ORG_KIND_LABELS,
  type OrgKind,
  SECTOR_LABELS,
  SECTORS,
  type Sector,
} from '../../../domain/org/labels.js';
import { JOIN_PERIODS, YOUTH_MAX_AGE } from '../../../domain/stats/classifications.js';
import {
  DECREASE_CAUSES,
  DECREASE_LABELS,
  INCREASE_CAUSES,
  INCREASE_LABELS,
} from '../../../domain/stats/register-replay.js';
import type { AnnualReportDto, ReportRowDto, ReportTableDto } from '../../../shared/contracts/stats.js';
import type { DbOrTx } from '../../db/client.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { fieldErrors, notFound } from '../../lib/errors.js';
import { watermarkText } from '../../lib/xlsx-export.js';
import { findOrg } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import { type Figures, figuresOf, LARGE_SUBTREE_ORGS } from './figures.js';
import { type FullReason, INCREMENTAL_MIN_ORGS, incrementalFigures } from './incremental.js';
import { correctionsOf, isClosed, keptFigures, subtreeOrgs } from './kept.js';
import { orgOn } from './repo.js';
import { reportWorkbook } from './workbook.js';

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
  const root = await orgOn(db, orgId, period.to);
  if (!root) {
    throw fieldErrors([
      {
        field: q.asOf ? 'asOf' : 'year',
        message: `统计期末（${period.to}）该党组织尚未成立，没有可统计的数据`,
      },
    ]);
  }
  // A closed year is read from its kept figures; the current year, an as-of date, a year not kept
  // yet and kept figures a late correction made stale are computed live (never stale figures).
  const closed = !period.partial && isClosed(period.year, ctx.today);
  const kept = closed ? await keptFigures(db, period.year, orgId) : null;
  let f: Figures | null = null;
  let minFull: number;
  let incrementalFrom: number | null = null;
  let fullBecause: FullReason | 'small_subtree' | null = null;
  if (kept && !kept.stale) {
    f = kept.figures;
    minFull = kept.minFull;
  } else {
    minFull = kept?.minFull ?? (await loadRules(db))['branch.minFullMembers'];
    const orgs = await subtreeOrgs(db, orgId);
    // A large subtree's current year (or as-of date, or a closed year not kept yet) from last
    // year's kept closing states and the events since; a small one's history is read in full by
    // index, which is faster than reading every member with an event since.
    if (orgs > INCREMENTAL_MIN_ORGS) {
      const inc = await incrementalFigures(db, orgId, period, minFull, orgs > LARGE_SUBTREE_ORGS);
      if ('figures' in inc) {
        f = inc.figures;
        incrementalFrom = inc.keptYear;
      } else fullBecause = inc.reason;
    } else fullBecause = 'small_subtree';
    f ??=
      (await figuresOf(db, { subtree: orgId }, period, minFull, orgs > LARGE_SUBTREE_ORGS)).get(orgId) ?? {};
  }
  const corrections = closed ? await correctionsOf(db, period.year, orgId) : [];
  const n = (key: string) => f[key] ?? 0;
  const tables: ReportTableDto[] = [
    membersTable(f, period.to),
    flowsTable(f),
    developmentTable(f, period),
    orgsTable(f, period, minFull),
  ];
  const increases = INCREASE_CAUSES.reduce((a, c) => a + n(`inc.${c}`), 0);
  const decreases = DECREASE_CAUSES.reduce((a, c) => a + n(`dec.${c}`), 0);
  return {
    org: { id: org.id, name: root.name, kind: org.kind },
    year: period.year,
    from: period.from,
    to: period.to,
    partial: period.partial,
    tables,
    reconciliation: {
      opening: n('open'),
      increases,
      decreases,
      closing: n('close'),
      balanced: n('open') + increases - decreases === n('close'),
    },
    figures: {
      source: kept && !kept.stale ? 'kept' : incrementalFrom !== null ? 'incremental' : 'live',
      incrementalFrom,
      fullBecause,
      keptAt: kept?.keptAt ?? null,
      recomputing: !!kept?.stale,
    },
    corrections: corrections.map((c) => ({
      what:
        c.source === 'org_version'
          ? `党组织${VERSION_CHANGES[c.change] ?? '变更'}`
          : c.source === 'development_step'
            ? '发展党员工作记录更正'
            : `党员${EVENT_KINDS[c.change] ?? '记录更正'}`,
      orgName: c.orgName,
      occurredOn: c.occurredOn,
      recordedAt: c.recordedAt,
      recordedBy: c.recordedBy,
      pending: c.pending,
    })),
  };
}

/** What a correction recorded, for the report's list. */
const EVENT_KINDS: Record<string, string> = {
  registered: '登记入册',
  transferred: '组织关系转接',
  status_changed: '状态变更',
  updated: '信息更正',
};
const VERSION_CHANGES: Record<string, string> = {
  created: '成立',
  renamed: '更名',
  moved: '隶属关系调整',
  dissolved: '撤销',
  updated: '信息变更',
};

const row = (key: string, label: string, indent: number, ...values: (number | null)[]): ReportRowDto => ({
  key,
  label,
  indent,
  values,
});

/** A section heading inside a table (no figures of its own). */
const heading = (key: string, label: string): ReportRowDto => ({ key, label, indent: 0, values: [] });

function membersTable(f: Figures, on: IsoDate): ReportTableDto {
  const total = f.close ?? 0;
  const count = (key: string) => {
    const n = f[key] ?? 0;
    return [n, pct(n, total)] as const;
  };
  const rows: ReportRowDto[] = [row('members.total', '党员总数', 0, total, total ? 100 : null)];
  rows.push(row('members.women', '女党员', 1, ...count('close.women')));
  rows.push(row('members.minorities', '少数民族党员', 1, ...count('close.minority')));
  rows.push(row('members.full', '正式党员', 1, ...count('close.full')));
  const probationary = total - (f['close.full'] ?? 0);
  rows.push(row('members.probationary', '预备党员', 1, probationary, pct(probationary, total)));
  for (const s of ['mobile', 'lost_contact'] as const) {
    rows.push(row(`members.status.${s}`, `${MEMBER_STATUS_LABELS[s]}党员`, 1, ...count(`close.status.${s}`)));
  }
  rows.push(row('members.education.college', '大专及以上学历', 1, ...count('close.college')));
  for (const e of EDUCATION_LEVELS) {
    rows.push(row(`members.education.${e.code}`, e.name, 1, ...count(`close.edu.${e.code}`)));
  }
  for (const b of AGE_BANDS)
    rows.push(row(`members.age.${b.code}`, b.label, 1, ...count(`close.age.${b.code}`)));
  rows.push(heading('members.joined', '按入党时间分'));
  for (const jp of JOIN_PERIODS) {
    rows.push(row(`members.joined.${jp.code}`, jp.label, 1, ...count(`close.join.${jp.code}`)));
  }
  return {
    code: '表一',
    title: `党员队伍基本情况（截至${on}）`,
    columns: ['人数', '占党员总数%'],
    rows,
    note: '年龄按统计期末计算；学历、民族为党员名册现记录。',
  };
}

const LEFT_CAUSES = ['expelled', 'removed', 'withdrew', 'lapsed', 'left_other'] as const;

function flowsTable(f: Figures): ReportTableDto {
  const n = (key: string) => f[key] ?? 0;
  const opening = n('open');
  const closing = n('close');
  const totalInc = INCREASE_CAUSES.reduce((a, c) => a + n(`inc.${c}`), 0);
  const totalDec = DECREASE_CAUSES.reduce((a, c) => a + n(`dec.${c}`), 0);
  const left = LEFT_CAUSES.reduce((a, c) => a + n(`dec.${c}`), 0);
  const rows: ReportRowDto[] = [row('flows.opening', '期初党员数', 0, opening)];
  rows.push(row('flows.increase', '本期增加', 0, totalInc));
  for (const c of INCREASE_CAUSES)
    rows.push(row(`flows.increase.${c}`, INCREASE_LABELS[c], 1, n(`inc.${c}`)));
  rows.push(row('flows.decrease', '本期减少', 0, totalDec));
  rows.push(row('flows.decrease.deceased', DECREASE_LABELS.deceased, 1, n('dec.deceased')));
  rows.push(row('flows.decrease.left', '出党', 1, left));
  for (const c of LEFT_CAUSES) rows.push(row(`flows.decrease.${c}`, DECREASE_LABELS[c], 2, n(`dec.${c}`)));
  rows.push(
    row('flows.decrease.transferred_out', DECREASE_LABELS.transferred_out, 1, n('dec.transferred_out')),
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

function developmentTable(f: Figures, period: Period): ReportTableDto {
  const total = f.dev ?? 0;
  const count = (key: string) => {
    const n = f[key] ?? 0;
    return [n, pct(n, total)] as const;
  };
  const rows: ReportRowDto[] = [row('development.total', '发展党员数', 0, total, total ? 100 : null)];
  rows.push(row('development.women', '女性', 1, ...count('dev.women')));
  rows.push(row('development.minorities', '少数民族', 1, ...count('dev.minority')));
  rows.push(row('development.youth', `${YOUTH_MAX_AGE}岁及以下`, 1, ...count('dev.youth')));
  rows.push(row('development.college', '大专及以上学历', 1, ...count('dev.college')));
  rows.push(heading('development.sector', '按所在党组织领域分'));
  for (const s of SECTORS) {
    const [n, p] = count(`dev.sector.${s}`);
    if (n) rows.push(row(`development.sector.${s}`, SECTOR_LABELS[s as Sector], 1, n, p));
  }
  rows.push(row('development.confirmed', '预备党员转为正式党员', 0, f.confirmed ?? 0, null));
  // The pipeline on the last day: the furthest stage reached by then, unless closed by then.
  const pipe = (key: string) => f[`pipe.${key}`] ?? 0;
  rows.push(
    row('development.pipeline.applicants', '入党申请人（尚未确定为积极分子）', 0, pipe('applicants'), null),
  );
  rows.push(
    row('development.pipeline.activists', '入党积极分子（尚未列为发展对象）', 0, pipe('activists'), null),
  );
  rows.push(row('development.pipeline.candidates', '发展对象', 0, pipe('candidates'), null));
  return {
    code: '表三',
    title: '发展党员情况',
    columns: ['人数', '占发展党员%'],
    rows,
    note: `发展党员指入党日期在${period.from}至${period.to}之间并在本级党组织内接收为预备党员的；年龄按入党时计算；申请人、积极分子、发展对象为期末在本级党组织的发展党员工作记录。`,
  };
}

function orgsTable(f: Figures, period: Period, minFull: number): ReportTableDto {
  const n = (key: string) => f[key] ?? 0;
  const rows: ReportRowDto[] = [row('orgs.total', '党组织总数（不含党小组）', 0, n('orgs.total'))];
  for (const k of ['committee', 'general_branch', 'branch', 'joint_branch'] as const) {
    rows.push(row(`orgs.kind.${k}`, ORG_KIND_LABELS[k as OrgKind], 1, n(`orgs.kind.${k}`)));
  }
  rows.push(heading('orgs.sector', '按领域分（不含党小组）'));
  for (const s of SECTORS) {
    if (n(`orgs.sector.${s}`))
      rows.push(row(`orgs.sector.${s}`, SECTOR_LABELS[s as Sector], 1, n(`orgs.sector.${s}`)));
  }
  rows.push(row('orgs.kind.group', '党小组', 0, n('orgs.kind.group')));
  rows.push(row('orgs.founded', '本期新建党组织', 0, n('orgs.founded')));
  rows.push(row('orgs.dissolved', '本期撤销党组织', 0, n('orgs.dissolved')));
  rows.push(row('orgs.branches_below_min', `正式党员不足${minFull}名的党支部`, 0, n('orgs.below_min')));
  return {
    code: '表四',
    title: `党组织情况（截至${period.to}）`,
    columns: ['个数'],
    rows,
    note: `按统计期末（${period.to}）的组织隶属关系统计，含本级；新建以首次记录日期计，撤销以撤销记录日期计。`,
  };
}
