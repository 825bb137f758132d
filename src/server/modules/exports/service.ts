/**
 * Exports of the list screens (issue #6): each reads its list through the list's own service
 * function, batch by batch until the rows run out, with the list's query minus paging, so the
 * file holds exactly the rows the screen shows under the same filters (masked as the screen masks
 * them: there is no unmasked export), all of them (issue #16). Each counts its rows exactly first
 * (the banner's 共 N 条 and the audit entry). `sendXlsxExport` audits, watermarks and streams.
 */

import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import { DEVELOPMENT_STAGE_LABELS } from '../../../domain/development/steps.js';
import {
  ARREARS_LEVEL_LABELS,
  DUES_CATEGORY_LABELS,
  LAPSE_DECISION_LABELS,
} from '../../../domain/dues/labels.js';
import { AGE_BAND_LABELS } from '../../../domain/member/age-bands.js';
import { EDUCATION_LEVELS, educationName } from '../../../domain/member/education.js';
import { ETHNICITIES, ethnicityName } from '../../../domain/member/ethnicities.js';
import {
  GENDER_LABELS,
  MEMBER_CATEGORY_LABELS,
  MEMBER_STATUS_LABELS,
} from '../../../domain/member/labels.js';
import { COVERAGE_KIND_LABELS } from '../../../domain/org/coverage.js';
import { MEETING_KIND_LABELS } from '../../../domain/orglife/requirements.js';
import {
  AUDIT_ACTION_LABELS,
  auditEntityLabel,
  type auditEntryDto,
  type auditListQuery,
} from '../../../shared/contracts/audit.js';
import { auditChangeLines, auditChangeText } from '../../../shared/contracts/audit-values.js';
import { fieldLabel } from '../../../shared/contracts/common.js';
import type { CoverageUnitDto, coverageListQuery } from '../../../shared/contracts/coverage.js';
import {
  CASE_STATUS_LABELS,
  type CaseSummaryDto,
  type caseListQuery,
} from '../../../shared/contracts/development.js';
import type {
  ArrearsRowDto,
  arrearsQuery,
  ProfileDto,
  pendingProfilesQuery,
} from '../../../shared/contracts/dues.js';
import {
  type HeartTalkDto,
  type heartTalkListQuery,
  MEETING_STATUS_LABELS,
  type MeetingSummaryDto,
  type meetingListQuery,
} from '../../../shared/contracts/meetings.js';
import type { MemberDto, memberListQuery } from '../../../shared/contracts/members.js';
import { type Permission, ROLE_LABELS } from '../../../shared/contracts/permissions.js';
import {
  TRANSFER_STATUS_LABELS,
  type TransferDto,
  type transferListQuery,
} from '../../../shared/contracts/transfers.js';
import type { UserDto, userListQuery } from '../../../shared/contracts/users.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import {
  checkRowLimit,
  commonPath,
  describeFilters,
  type ExportColumn,
  keysetRows,
  MAX_EXPORT_ROWS,
  pagedRows,
  sendXlsxExport,
  wholeList,
} from '../../lib/xlsx-export.js';
import { auditService } from '../audit/index.js';
import { coverageService as coverage } from '../coverage/index.js';
import { developmentService as development } from '../development/index.js';
import { arrearsList, duesService as dues } from '../dues/index.js';
import { heartTalkService as heartTalks, meetingService as meetings } from '../meetings/index.js';
import { memberService as members } from '../members/index.js';
import { orgRepo } from '../orgs/index.js';
import { transferService as transfers } from '../transfers/index.js';
import { userService as users } from '../users/index.js';

type Paged<Q> = Omit<Q, 'current' | 'pageSize'>;
type Labels = Record<string, string>;

/** The export's org: the filter's (already checked by the list) or the common root of the scope. */
async function orgOf(db: Db, ctx: RequestContext, permission: Permission, orgId: number | undefined) {
  const scope = ctx.actor.scope(permission);
  if (!orgId) return { name: null, path: commonPath(scope.roots) };
  const org = await orgRepo.findOrg(db, scope, orgId);
  if (!org) throw notFound('党组织');
  return { name: org.name, path: org.path };
}

/**
 * Every filter of a query in words, by the field's Chinese label, so a filter added to a list's
 * schema later shows in the banner without touching the export (values through `labels` where
 * the key has a label map, else as given).
 */
function describeQuery(
  q: Record<string, unknown>,
  area: string,
  orgName: string | null,
  labels: Record<string, Labels> = {},
  skip: string[] = [],
) {
  const parts: Array<[string, string | undefined]> = [];
  for (const [k, v] of Object.entries(q)) {
    if (v === undefined || v === null || v === '' || skip.includes(k)) continue;
    if (k === 'orgId') {
      parts.push(['党组织', `${orgName ?? v}及下级`]);
      continue;
    }
    const text = Array.isArray(v)
      ? v.map((x) => labels[k]?.[String(x)] ?? String(x)).join('、')
      : (labels[k]?.[String(v)] ?? String(v));
    parts.push([fieldLabel(k, area), text]);
  }
  return describeFilters(parts);
}

/** An export of a register needs a subtree: the member role (its own record only) has none. */
function needsSubtree(ctx: RequestContext, permission: Permission, what: string) {
  if (!ctx.actor.scope(permission).roots.length) {
    throw new AppError('FORBIDDEN', `只有党组织的管理人员可以导出${what}`);
  }
}

const yesNo = (b: boolean) => (b ? '是' : '否');

// ---- members -----------------------------------------------------------------------------

const memberColumns: ExportColumn<MemberDto>[] = [
  { header: '姓名', width: 10, value: (m) => m.name },
  { header: '性别', width: 6, value: (m) => GENDER_LABELS[m.gender] },
  { header: '民族', width: 8, value: (m) => ethnicityName(m.ethnicity) ?? m.ethnicity },
  { header: '出生日期', kind: 'date', value: (m) => m.birthDate },
  { header: '年龄', kind: 'integer', width: 6, value: (m) => m.age },
  { header: '学历', width: 12, value: (m) => educationName(m.education) ?? m.education },
  { header: '党员类别', width: 10, value: (m) => MEMBER_CATEGORY_LABELS[m.category] },
  { header: '党员状态', width: 10, value: (m) => MEMBER_STATUS_LABELS[m.status] },
  { header: '所在党组织', width: 32, value: (m) => m.orgName },
  { header: '党小组', width: 14, value: (m) => m.groupName },
  { header: '入党日期', kind: 'date', value: (m) => m.joinedOn },
  { header: '转正日期', kind: 'date', value: (m) => m.confirmedOn },
  { header: '身份证号（脱敏）', width: 22, value: (m) => m.idNumber },
  { header: '联系电话（脱敏）', width: 16, value: (m) => m.phone },
  { header: '工作单位', width: 28, value: (m) => m.workUnit },
];

/** Values of the register's filters in words (a filter without a map shows its value as given). */
const MEMBER_FILTER_LABELS: Record<string, Labels> = {
  gender: GENDER_LABELS,
  category: MEMBER_CATEGORY_LABELS,
  status: MEMBER_STATUS_LABELS,
  ethnicity: { minority: '少数民族', ...Object.fromEntries(ETHNICITIES.map((e) => [e.code, e.name])) },
  education: Object.fromEntries(EDUCATION_LEVELS.map((e) => [e.code, e.name])),
  ageBand: AGE_BAND_LABELS,
  joinDecade: Object.fromEntries(
    Array.from({ length: 19 }, (_, i) => [String(1920 + i * 10), `${1920 + i * 10}年代`]),
  ),
};

export async function exportMembers(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof memberListQuery>>,
) {
  needsSubtree(ctx, 'member.read', '党员名册');
  // Counted exactly (the list's own total may be an estimate), at most one past the limit; then
  // read in tree order from where each batch stopped, through the list's filters, scope and masking.
  const total = await members.countMembers(db, ctx, q, MAX_EXPORT_ROWS + 1);
  checkRowLimit(total);
  const rows = keysetRows((after: members.MemberCursor | null, limit) =>
    members.listMembersAfter(db, ctx, q, after, limit),
  );
  const org = await orgOf(db, ctx, 'member.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: '党员名册',
    filterText: describeQuery(q, 'members', org.name, MEMBER_FILTER_LABELS),
    filters: q,
    rowCount: total,
    audit: { action: 'member.export', entity: 'member', entityId: q.orgId ?? null, orgPath: org.path },
    sheets: [{ name: '党员名册', columns: memberColumns, rows }],
  });
}

// ---- transfers ---------------------------------------------------------------------------

const TRANSFER_KIND: Labels = { internal: '系统内转接', external: '系统外转接' };
const DIRECTION: Labels = { in: '转入', out: '转出', all: '全部' };

const transferColumns: ExportColumn<TransferDto>[] = [
  { header: '党员', width: 10, value: (t) => t.memberName },
  { header: '转出党组织', width: 30, value: (t) => t.fromOrgName },
  { header: '转入党组织', width: 30, value: (t) => t.toOrgName },
  { header: '类型', width: 12, value: (t) => TRANSFER_KIND[t.kind] ?? t.kind },
  { header: '状态', width: 8, value: (t) => TRANSFER_STATUS_LABELS[t.status] ?? t.status },
  { header: '介绍信编号', width: 16, value: (t) => t.letterNumber },
  { header: '转接原因', width: 24, value: (t) => t.reason },
  { header: '申请日期', kind: 'date', value: (t) => t.requestedOn },
  { header: '经办人', width: 10, value: (t) => t.requestedByName },
  { header: '办结日期', kind: 'date', value: (t) => t.respondedOn },
  { header: '办结人', width: 10, value: (t) => t.respondedByName },
  { header: '办理意见', width: 24, value: (t) => t.responseNote },
];

export async function exportTransfers(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof transferListQuery>>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => transfers.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'transfer.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: '组织关系转接',
    filterText: describeQuery(
      { ...q, direction: q.direction === 'all' ? undefined : q.direction },
      'transfers',
      org.name,
      { status: TRANSFER_STATUS_LABELS, direction: DIRECTION },
    ),
    filters: q,
    rowCount: total,
    audit: { action: 'transfer.export', entity: 'transfer', entityId: null, orgPath: org.path },
    sheets: [{ name: '组织关系转接', columns: transferColumns, rows }],
  });
}

// ---- meetings and heart talks ------------------------------------------------------------

const meetingColumns: ExportColumn<MeetingSummaryDto>[] = [
  { header: '会议日期', kind: 'date', value: (m) => m.heldOn },
  { header: '开始时间', kind: 'datetime', value: (m) => m.startsAt },
  { header: '会议类型', width: 16, value: (m) => MEETING_KIND_LABELS[m.kind] ?? m.kind },
  { header: '会议名称', width: 34, value: (m) => m.title },
  { header: '党组织', width: 30, value: (m) => m.orgName },
  { header: '党小组', width: 14, value: (m) => m.groupName },
  { header: '状态', width: 8, value: (m) => MEETING_STATUS_LABELS[m.status] ?? m.status },
  { header: '应到', kind: 'integer', value: (m) => m.expected },
  { header: '实到', kind: 'integer', value: (m) => m.present },
];

export async function exportMeetings(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof meetingListQuery>>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => meetings.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'orglife.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: '会议记录',
    filterText: describeQuery(q, 'meetings', org.name, {
      kind: MEETING_KIND_LABELS,
      status: MEETING_STATUS_LABELS,
    }),
    filters: q,
    rowCount: total,
    audit: { action: 'meeting.export', entity: 'meeting', entityId: null, orgPath: org.path },
    sheets: [{ name: '会议记录', columns: meetingColumns, rows }],
  });
}

const heartTalkColumns: ExportColumn<HeartTalkDto>[] = [
  { header: '谈话日期', kind: 'date', value: (t) => t.talkedOn },
  { header: '谈话对象', width: 10, value: (t) => t.memberName },
  { header: '谈话人', width: 10, value: (t) => t.talkerName },
  { header: '党组织', width: 30, value: (t) => t.orgName },
  { header: '谈话要点', width: 50, value: (t) => t.summary },
];

export async function exportHeartTalks(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof heartTalkListQuery>>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => heartTalks.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'orglife.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: '谈心谈话记录',
    filterText: describeQuery({ ...q, year: q.year ? `${q.year}年` : undefined }, 'meetings', org.name, {}),
    filters: q,
    rowCount: total,
    audit: { action: 'heart_talk.export', entity: 'heart_talk', entityId: null, orgPath: org.path },
    sheets: [{ name: '谈心谈话', columns: heartTalkColumns, rows }],
  });
}

// ---- development ------------------------------------------------------------------------

const caseColumns: ExportColumn<CaseSummaryDto>[] = [
  { header: '姓名', width: 10, value: (c) => c.name },
  {
    header: '性别',
    width: 6,
    value: (c) => GENDER_LABELS[c.gender as keyof typeof GENDER_LABELS] ?? c.gender,
  },
  { header: '年龄', kind: 'integer', width: 6, value: (c) => c.age },
  { header: '身份证号（脱敏）', width: 22, value: (c) => c.idNumber },
  { header: '党组织', width: 30, value: (c) => c.orgName },
  { header: '阶段', width: 26, value: (c) => DEVELOPMENT_STAGE_LABELS[c.stage] ?? c.stage },
  { header: '状态', width: 10, value: (c) => CASE_STATUS_LABELS[c.status] ?? c.status },
  { header: '申请日期', kind: 'date', value: (c) => c.appliedOn },
  { header: '最近一步日期', kind: 'date', width: 14, value: (c) => c.lastStepOn },
  { header: '下一步', width: 30, value: (c) => c.nextTitle },
  { header: '下一步期限', kind: 'date', width: 12, value: (c) => c.nextDueOn },
  { header: '是否逾期', width: 8, value: (c) => yesNo(c.overdue) },
  { header: '预备期满', kind: 'date', value: (c) => c.probationEndsOn },
  { header: '细则版本', width: 8, value: (c) => `${c.version}版` },
];

export async function exportCases(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof caseListQuery>>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => development.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'development.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: '发展党员工作台账',
    filterText: describeQuery(
      { ...q, stage: q.stage ? DEVELOPMENT_STAGE_LABELS[q.stage] : undefined },
      'development',
      org.name,
      { status: CASE_STATUS_LABELS },
    ),
    filters: q,
    rowCount: total,
    audit: { action: 'development.export', entity: 'development_case', entityId: null, orgPath: org.path },
    sheets: [{ name: '发展党员', columns: caseColumns, rows }],
  });
}

// ---- dues arrears -----------------------------------------------------------------------

const arrearsColumns: ExportColumn<ArrearsRowDto>[] = [
  { header: '姓名', width: 10, value: (r) => r.memberName },
  { header: '党组织', width: 30, value: (r) => r.orgName },
  { header: '提示', width: 30, value: (r) => ARREARS_LEVEL_LABELS[r.level] },
  { header: '连续未交（月）', kind: 'integer', width: 14, value: (r) => r.unpaidStreak },
  { header: '未交起始月', width: 12, value: (r) => r.streakFrom?.slice(0, 7) },
  { header: '未交截至月', width: 12, value: (r) => r.streakTo?.slice(0, 7) },
  { header: '欠交金额（元）', kind: 'money', width: 14, value: (r) => r.arrearsFen },
  { header: '欠交月份', width: 30, value: (r) => r.owedMonths.map((m) => m.slice(0, 7)).join('、') },
  {
    header: '超过补交期限的月份',
    width: 24,
    value: (r) => r.beyondBackpay.map((m) => m.slice(0, 7)).join('、'),
  },
  { header: '最后交纳日期', kind: 'date', width: 13, value: (r) => r.lastPaidOn },
  {
    header: '党支部决定',
    width: 24,
    value: (r) =>
      r.decision
        ? `${LAPSE_DECISION_LABELS[r.decision.decision] ?? r.decision.decision}（${r.decision.decidedOn}）`
        : null,
  },
];

export async function exportArrears(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof arrearsQuery>>,
) {
  // The arrears list is computed whole in memory for any page, so it is read in one page.
  const { total, rows } = await wholeList(() =>
    arrearsList(db, ctx, { ...q, current: 1, pageSize: MAX_EXPORT_ROWS + 1 }),
  );
  const org = await orgOf(db, ctx, 'dues.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: '欠交党费名单',
    filterText: describeQuery(q, 'dues', org.name, { level: ARREARS_LEVEL_LABELS }),
    filters: q,
    rowCount: total,
    audit: { action: 'dues.arrears.export', entity: 'org', entityId: q.orgId, orgPath: org.path },
    sheets: [{ name: '欠交党费名单', columns: arrearsColumns, rows }],
  });
}

// ---- audit log ---------------------------------------------------------------------------

const auditColumns: ExportColumn<z.infer<typeof auditEntryDto>>[] = [
  // The entry's number is the watermark id printed on an export: a leaked print leads here.
  { header: '编号（水印编号）', kind: 'integer', width: 16, value: (e) => e.id },
  { header: '时间', kind: 'datetime', value: (e) => e.at },
  { header: '用户', width: 14, value: (e) => e.username },
  { header: '操作', width: 20, value: (e) => AUDIT_ACTION_LABELS[e.action] ?? e.action },
  { header: '操作代码', width: 20, value: (e) => e.action },
  { header: '对象', width: 12, value: (e) => auditEntityLabel(e.entity) },
  { header: '对象编号', kind: 'integer', width: 10, value: (e) => e.entityId },
  // The record by the name the list resolved in the exporter's scope (as the page shows it).
  { header: '对象名称', width: 24, value: (e) => e.entityName },
  { header: '原因', width: 24, value: (e) => e.reason },
  // 「字段：旧值 → 新值」 as on the page; the stored data as it is, for whoever must check it.
  { header: '变更内容', width: 48, value: (e) => auditChangeText(auditChangeLines(e)) || null },
  {
    header: '原始数据（JSON）',
    width: 40,
    value: (e) =>
      e.before == null && e.after == null ? null : JSON.stringify({ before: e.before, after: e.after }),
  },
  { header: 'IP', width: 16, value: (e) => e.ip },
  { header: '请求编号', width: 20, value: (e) => e.requestId },
];

export async function exportAudit(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof auditListQuery>>,
) {
  // Newest first: the entry this export writes (and any other written meanwhile) lands ahead of
  // the read, so each page meets the previous one's last rows again; skipped by their number.
  const { total, rows } = await pagedRows(
    (current, pageSize) => auditService.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (e) => e.id },
  );
  const org = await orgOf(db, ctx, 'audit.read', undefined);
  return sendXlsxExport(reply, db, ctx, {
    title: '审计日志',
    filterText: describeFilters([
      ['操作', q.action ? (AUDIT_ACTION_LABELS[q.action] ?? q.action) : undefined],
      ['对象', q.entity],
      ['对象编号', q.entityId],
      ['用户名', q.username],
      ['开始日期', q.from],
      ['结束日期', q.to],
    ]),
    filters: q,
    rowCount: total,
    audit: { action: 'audit.export', entity: 'audit', entityId: null, orgPath: org.path },
    sheets: [{ name: '审计日志', columns: auditColumns, rows }],
  });
}

// ---- users ------------------------------------------------------------------------------

const userColumns: ExportColumn<UserDto>[] = [
  { header: '用户名', width: 14, value: (u) => u.username },
  { header: '姓名', width: 12, value: (u) => u.displayName },
  {
    header: '角色',
    width: 48,
    value: (u) => u.roles.map((r) => `${ROLE_LABELS[r.role] ?? r.role}（${r.orgName}）`).join('；'),
  },
  { header: '关联党员编号', kind: 'integer', width: 12, value: (u) => u.memberId },
  { header: '启用', width: 6, value: (u) => yesNo(u.active) },
  { header: '已锁定', width: 7, value: (u) => yesNo(u.locked) },
  { header: '创建时间', kind: 'datetime', value: (u) => u.createdAt },
];

export async function exportUsers(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof userListQuery>>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => users.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'user.read', undefined);
  return sendXlsxExport(reply, db, ctx, {
    title: '用户与角色',
    filterText: describeQuery(q, 'users', null),
    filters: q,
    rowCount: total,
    audit: { action: 'user.export', entity: 'user', entityId: null, orgPath: org.path },
    sheets: [{ name: '用户', columns: userColumns, rows }],
  });
}

// ---- 两新组织 coverage -------------------------------------------------------------------

const coverageColumns: ExportColumn<CoverageUnitDto>[] = [
  { header: '单位名称', width: 34, value: (u) => u.name },
  { header: '单位类型', width: 14, value: (u) => COVERAGE_KIND_LABELS[u.kind] ?? u.kind },
  { header: '所属党组织', width: 30, value: (u) => u.orgName },
  { header: '从业人员', kind: 'integer', width: 10, value: (u) => u.employees },
  { header: '是否覆盖', width: 8, value: (u) => yesNo(u.coveredByOrgId !== null) },
  { header: '覆盖党组织', width: 30, value: (u) => u.coveredByOrgName },
];

export async function exportCoverage(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: Paged<z.infer<typeof coverageListQuery>>,
) {
  const { total, rows } = await pagedRows(
    (current, pageSize) => coverage.list(db, ctx, { ...q, current, pageSize }),
    { idOf: (r) => r.id },
  );
  const org = await orgOf(db, ctx, 'org.read', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: '两新组织覆盖名录',
    filterText: describeFilters([
      ['党组织', org.name ? `${org.name}及下级` : undefined],
      ['单位类型', q.kind ? COVERAGE_KIND_LABELS[q.kind] : undefined],
      ['覆盖情况', q.covered === undefined ? undefined : q.covered === 'true' ? '已覆盖' : '未覆盖'],
      ['名称', q.q],
    ]),
    filters: q,
    rowCount: total,
    audit: { action: 'coverage.export', entity: 'coverage_unit', entityId: null, orgPath: org.path },
    sheets: [{ name: '两新组织', columns: coverageColumns, rows }],
  });
}

// ---- dues: hardship profiles awaiting approval ---------------------------------------------

const pendingColumns: ExportColumn<ProfileDto>[] = [
  { header: '姓名', width: 10, value: (p) => p.memberName },
  { header: '党组织', width: 30, value: (p) => p.orgName },
  { header: '党费类别', width: 24, value: (p) => DUES_CATEGORY_LABELS[p.category] ?? p.category },
  { header: '起始月份', width: 10, value: (p) => p.effectiveMonth.slice(0, 7) },
  { header: '月基数（元）', kind: 'money', width: 13, value: (p) => p.baseFen },
  { header: '申请金额（元）', kind: 'money', width: 14, value: (p) => p.amountFen },
  { header: '每月应交（元）', kind: 'money', width: 14, value: (p) => p.monthlyFen },
  { header: '申请理由', width: 36, value: (p) => p.reason },
  { header: '经办人', width: 10, value: (p) => p.createdByName },
  { header: '登记时间', kind: 'datetime', value: (p) => p.createdAt },
];

export async function exportPendingProfiles(
  reply: FastifyReply,
  db: Db,
  ctx: RequestContext,
  q: z.infer<typeof pendingProfilesQuery>,
) {
  // The screen shows the queue's first 500; the export all of it, counted, then in keyset batches.
  const total = await dues.countPendingProfiles(db, ctx, q.orgId);
  checkRowLimit(total);
  const rows = keysetRows(async (afterId: number | null, limit) => {
    const { data } = await dues.pendingProfiles(db, ctx, q.orgId, { afterId, limit });
    return { rows: data, last: data.at(-1)?.id ?? null };
  });
  const org = await orgOf(db, ctx, 'dues.approve', q.orgId);
  return sendXlsxExport(reply, db, ctx, {
    title: '困难党员减免待审批名单',
    filterText: describeFilters([['党组织', org.name ? `${org.name}及下级` : undefined]]),
    filters: q,
    rowCount: total,
    audit: { action: 'dues.approvals.export', entity: 'org', entityId: q.orgId ?? null, orgPath: org.path },
    sheets: [{ name: '待审批', columns: pendingColumns, rows }],
  });
}
