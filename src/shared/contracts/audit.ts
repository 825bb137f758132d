import { z } from 'zod';
import { isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, timestamp } from './route.js';

/**
 * Every action the audit log records, with its name as a secretary or an auditor says it.
 * `writeAudit` takes only these keys, so an action without a label does not compile; the audit
 * page's filter lists them all, grouped by area (AUDIT_ACTION_AREAS, from the action's prefix).
 */
export const AUDIT_ACTIONS = {
  // 登录与账号
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  // No longer written (sign-in backs off instead of locking); kept so that old entries keep their name.
  'auth.locked': '账号锁定',
  'auth.throttled': '登录受限（尝试过多）',
  'auth.logout': '退出登录',
  'auth.logout_all': '退出所有设备',
  'auth.password_change': '修改密码',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'user.password_reset': '管理员重置密码',
  'user.grant_propose': '提出授权申请',
  'user.grant_approve': '批准授权申请',
  'user.grant_reject': '驳回授权申请',
  'user.grant_withdraw': '撤回授权申请',
  'user.role_revoke': '撤销角色',
  'user.link_request': '申请关联党员档案',
  'user.link_confirm': '确认关联党员档案',
  'user.link_reject': '拒绝关联党员档案',
  'user.unlink': '解除党员档案关联',
  // 党员账号（issue #19）
  'account.issue': '批量发放党员账号',
  'account.reissue': '重新发放激活码',
  'account.print': '打印账号激活单',
  'account.activate': '激活账号',
  'account.activate_failed': '激活账号失败',
  'account.sms_login': '短信验证码登录',
  'account.sms_failed': '短信验证码错误',
  'account.password_reset_sms': '短信验证码重置密码',
  'account.disable_left': '党员出党，账号停用',
  'account.issue_case': '为入党申请人（积极分子）发放账号',
  'account.follow_admission': '接收为预备党员，账号转为党员账号',
  'account.disable_case': '发展党员案件终止，账号停用',
  // 党组织
  'org.create': '新建党组织',
  'org.update': '修改党组织',
  'org.move': '调整隶属关系',
  'org.dissolve': '撤销党组织',
  'org.term_create': '登记换届',
  // 党员
  'member.create': '新增党员',
  'member.update': '修改党员信息',
  'member.reveal': '查看敏感信息',
  'member.id_number_refused': '身份证号登记被拒（与本级以外的记录重复）',
  'member.discipline.create': '登记党纪处分',
  // 组织关系转接
  'transfer.create': '发起组织关系转接',
  'transfer.accept': '接收组织关系',
  'transfer.reject': '退回组织关系转接',
  'transfer.cancel': '撤回组织关系转接',
  // 组织生活
  'meeting.create': '新建会议记录',
  'meeting.update': '修改会议记录',
  'meeting.delete': '删除会议记录',
  'meeting.submit': '提交会议记录',
  'meeting.approve': '审核通过会议记录',
  'meeting.return': '退回会议记录',
  'meeting.checkin_token': '生成签到码',
  'meeting.checkin_revoke': '撤销签到码',
  'meeting.checkin': '扫码签到',
  'my.meeting_response': '回执会议（参加或请假）',
  'meeting.attachment.add': '上传会议附件',
  'meeting.attachment.delete': '删除会议附件',
  'heart_talk.create': '登记谈心谈话',
  'heart_talk.delete': '删除谈心谈话',
  'orglife.exemption.grant': '批准免于考核',
  'orglife.exemption.withdraw': '撤回免于考核',
  // 发展党员
  'development.case.create': '登记入党申请',
  'development.step.record': '记录发展步骤',
  'development.step.correct': '更正发展步骤',
  'development.case.close': '终止发展',
  'development.plan.set': '下达发展计划',
  'development.document.add': '上传发展材料',
  'development.document.delete': '删除发展材料',
  // 党费
  'dues.profile.create': '核定党费档案',
  'dues.profile.approve': '批准党费减免',
  'dues.profile.reject': '不批准党费减免',
  'dues.payment.create': '登记党费缴纳',
  'dues.payment.batch': '批量登记党费缴纳',
  'dues.payment.void': '作废缴费记录',
  'dues.remittance.create': '登记党费上缴',
  'dues.remittance.confirm': '确认上缴党费到账',
  'dues.import.preview': '预览党费档案导入',
  'dues.import.commit': '导入党费档案',
  'dues.lapse.decide': '处理未交党费',
  'dues.online_order': '创建党费在线缴纳订单',
  'dues.online_cancel': '取消党费在线缴纳订单',
  'dues.online_paid': '党费在线缴纳入账',
  'dues.online_reconcile': '对账党费在线缴纳订单',
  // 两新组织覆盖
  'coverage_unit.create': '新增两新组织',
  'coverage_unit.update': '修改两新组织',
  // 导入导出
  'import.commit': '导入数据',
  'import.rollback': '撤销导入',
  'member.export': '导出党员名册',
  'transfer.export': '导出组织关系转接',
  'meeting.export': '导出会议记录',
  'heart_talk.export': '导出谈心谈话记录',
  'development.export': '导出发展党员台账',
  'dues.arrears.export': '导出欠交党费名单',
  'dues.ledger.export': '导出党费台账',
  'dues.approvals.export': '导出减免待审批名单',
  'coverage.export': '导出两新组织覆盖名录',
  'user.export': '导出用户列表',
  'audit.export': '导出审计日志',
  'stats.report_export': '导出统计年报',
  'progress.export': '导出学时进度名单',
  // 学习内容与培训班 (issue #20)
  'learning.item.create': '新建学习资料',
  'learning.item.update': '修改学习资料',
  'learning.item.upload': '上传学习资料文件',
  'learning.item.publish': '发布学习资料',
  'learning.item.withdraw': '撤回学习资料',
  'learning.class.create': '新建培训班',
  'learning.class.update': '修改培训班',
  'learning.class.cancel': '取消培训班',
  'learning.class.finish': '培训班结业',
  'learning.class.roster_add': '加入培训班学员名单',
  'learning.class.roster_remove': '移出培训班学员名单',
  'learning.class.attendance': '登记培训班出勤',
  'learning.class.checkin_token': '生成培训班签到码',
  'learning.class.checkin': '培训班扫码签到',
  'hours.external.submit': '提交其他学习记录',
  'hours.external.create': '录入其他学习记录',
  'hours.external.import': '导入其他学习记录',
  'hours.external.evidence': '上传学习证明',
  'hours.external.approve': '审核通过其他学习记录',
  'hours.external.reject': '审核不通过其他学习记录',
  'hours.external.delete': '删除其他学习记录',
  // 党员积分 (issue #20)
  'points.award.propose': '提出积分奖励或扣分',
  'points.award.approve': '批准积分奖励或扣分',
  'points.award.reject': '驳回积分奖励或扣分',
  'points.award.withdraw': '撤回积分奖励或扣分',
  'points.flag.decide': '核查积分异常',
  // 系统设置
  'rule.override': '修改规则参数',
  'rule.reset': '恢复规则默认值',
} as const satisfies Record<string, string>;

export type AuditAction = keyof typeof AUDIT_ACTIONS;

/**
 * The labels by any stored action: an old entry may name an action the code no longer writes,
 * so readers index by a plain string and fall back to the action itself.
 */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = AUDIT_ACTIONS;

export const auditActionLabel = (action: string): string => AUDIT_ACTION_LABELS[action] ?? action;

/** The areas of the filter's option groups, in menu order. */
export const AUDIT_AREAS = [
  '登录与账号',
  '党组织',
  '党员',
  '组织关系转接',
  '组织生活',
  '发展党员',
  '党费',
  '学习培训',
  '党员积分',
  '两新组织覆盖',
  '导入导出',
  '系统设置',
] as const;
export type AuditArea = (typeof AUDIT_AREAS)[number];

type Prefix<A extends string> = A extends `${infer P}.${string}` ? P : never;

/** The area of each action prefix: a new prefix without an area does not compile. */
const AREA_OF_PREFIX: Record<Prefix<AuditAction>, AuditArea> = {
  auth: '登录与账号',
  user: '登录与账号',
  account: '登录与账号',
  org: '党组织',
  member: '党员',
  transfer: '组织关系转接',
  meeting: '组织生活',
  heart_talk: '组织生活',
  orglife: '组织生活',
  // The member's own app: today only the answers to meetings (参加 / 请假).
  my: '组织生活',
  development: '发展党员',
  dues: '党费',
  learning: '学习培训',
  hours: '学习培训',
  progress: '学习培训',
  points: '党员积分',
  coverage_unit: '两新组织覆盖',
  import: '导入导出',
  coverage: '导入导出',
  audit: '导入导出',
  stats: '导入导出',
  rule: '系统设置',
};

/** Exports of every module are one area: an auditor looks for "who took data out" in one place. */
export function auditActionArea(action: AuditAction): AuditArea {
  if (action.endsWith('.export') || action.endsWith('_export')) return '导入导出';
  return AREA_OF_PREFIX[action.slice(0, action.indexOf('.')) as Prefix<AuditAction>];
}

/** The actions by area, in AUDIT_AREAS order and the map's order within an area: the filter's groups. */
export const AUDIT_ACTION_GROUPS: { area: AuditArea; actions: { action: AuditAction; label: string }[] }[] =
  AUDIT_AREAS.map((area) => ({
    area,
    actions: (Object.keys(AUDIT_ACTIONS) as AuditAction[])
      .filter((a) => auditActionArea(a) === area)
      .map((action) => ({ action, label: AUDIT_ACTIONS[action] })),
  })).filter((g) => g.actions.length > 0);

/** What an entry is about (`entity`), with its Chinese name. */
export const AUDIT_ENTITIES = {
  user: '用户',
  org: '党组织',
  member: '党员',
  transfer: '组织关系转接',
  meeting: '会议记录',
  heart_talk: '谈心谈话',
  development_case: '发展党员档案',
  development_plan: '发展计划',
  dues_profile: '党费档案',
  dues_payment: '党费缴纳',
  dues_remittance: '党费上缴',
  dues_import: '党费档案导入',
  dues_lapse_decision: '未交党费处理',
  coverage_unit: '两新组织',
  import: '数据导入',
  learning_item: '学习资料',
  learning_class: '培训班',
  external_study: '其他学习记录',
  points_award: '积分奖励或扣分',
  points_flag: '积分异常',
  rule: '规则参数',
  audit: '审计日志',
} as const satisfies Record<string, string>;

export type AuditEntity = keyof typeof AUDIT_ENTITIES;

export const auditEntityLabel = (entity: string): string =>
  (AUDIT_ENTITIES as Readonly<Record<string, string>>)[entity] ?? entity;

/**
 * Fields of before/after that hold the id of another record, and the entity it names: the audit
 * list resolves them to names (`names`, keyed `entity:id`). `id` names the entry's own entity.
 */
export const AUDIT_REF_FIELDS: Readonly<Record<string, AuditEntity>> = {
  orgId: 'org',
  parentId: 'org',
  fromOrgId: 'org',
  toOrgId: 'org',
  groupId: 'org',
  coveredByOrgId: 'org',
  memberId: 'member',
  talkerMemberId: 'member',
  lecturerMemberId: 'member',
  meetingId: 'meeting',
  developmentCaseId: 'development_case',
  caseId: 'development_case',
  userId: 'user',
  ruleId: 'rule',
};

/** The key of a record in an entry's `names`. */
export const auditNameKey = (entity: string, id: number | string) => `${entity}:${id}`;

export const auditEntryDto = z.object({
  id: z.number(),
  at: timestamp,
  userId: z.number().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.number().nullable(),
  /** The entity's name (an org's, a member's, a meeting's title …) when the auditor's scope holds it. */
  entityName: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  /**
   * Names of the records the entry refers to (its entity and the ids in before/after), keyed
   * `entity:id`; an id outside the auditor's scope has no name here and stays an id.
   */
  names: z.record(z.string(), z.string()),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});

export const auditListQuery = z.object({
  action: z
    .enum(Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]], { message: '操作：未知的操作类型' })
    .optional(),
  entity: z.string().trim().max(20).optional(),
  entityId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  username: z.string().trim().max(40).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...pageQuery,
});

// ---- errors ---------------------------------------------------------------------------------

/** The audit area's error codes (`AUDIT_…`): stable, each with its status and Chinese message. */
export const AUDIT_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const auditApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/audit',
    permission: 'audit.read',
    tag: 'audit',
    summary: '审计日志（可见范围内）',
    query: auditListQuery,
    responses: { 200: page(auditEntryDto) },
  }),
} satisfies ContractGroup;
