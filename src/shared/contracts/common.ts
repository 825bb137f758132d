import { z } from 'zod';
import { isIsoDate } from '../../domain/common/dates.js';

/**
 * The largest row id (PostgreSQL `integer`): a larger number in a path, query or body is a 400 naming
 * the field, not a database error.
 */
export const MAX_ID = 2_147_483_647;
export const idParam = z.object({ id: z.coerce.number().int().positive().max(MAX_ID) });

export const isoDate = z.string().refine(isIsoDate, { message: '日期格式应为 YYYY-MM-DD' });

/**
 * The largest page number a list accepts: no list has that many pages, and far beyond it the row
 * offset (page × page size) is no longer an exact integer when it reaches the database.
 */
export const MAX_PAGE = 100_000;

export const pageQuery = {
  current: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    data: z.array(item),
    total: z.number(),
    /**
     * True when `total` is an estimate (the table says "约 N 条"): a list over a subtree too large
     * for an exact count to be cheap, with filters no rollup answers and more than
     * LIST_COUNT_CAP matches (the page itself is exact). Absent, `total` is exact.
     */
    totalEstimated: z.boolean().optional(),
  });

/** Matches a filtered list over a large subtree counts exactly before it estimates (see `page`). */
export const LIST_COUNT_CAP = 1_000;

/**
 * Chinese names of request fields, so that every validation error names the field as the user
 * sees it on the form.
 */
/** Where one field name means different things, the label by API area (first URL segment). */
export const AREA_FIELD_LABELS: Record<string, Record<string, string>> = {
  members: { name: '姓名', status: '党员状态' },
  transfers: { status: '转接状态' },
  orgs: { status: '组织状态' },
  learning: {
    title: '标题',
    kind: '类型',
    status: '状态',
    summary: '简介',
    body: '正文',
    audience: '学习对象',
    required: '必学',
    publishOn: '发布日期',
    lengthSeconds: '时长',
    organiser: '主办单位',
    startsOn: '开始日期',
    endsOn: '结束日期',
    creditHours: '学时',
    online: '线上举办',
    completionPercent: '结业出勤比例',
    day: '日期',
    classId: '培训班',
    orgId: '主办组织',
  },
  meetings: { status: '会议状态', kind: '会议类型' },
  'coverage-units': { name: '单位名称', kind: '单位类型', orgId: '所属党组织' },
  development: { name: '姓名', status: '发展状态' },
  progress: { standing: '学时进度', role: '身份', order: '排序' },
  dues: {
    status: '状态',
    kind: '缴费类型',
    category: '党费类别',
    fromOrgId: '上缴党组织',
    toOrgId: '接收党组织',
  },
};

/** The label of a request field as the user sees it, for an API area ('members', 'orgs', …). */
export function fieldLabel(field: string, area?: string): string {
  // Own keys only: a request may name a field `constructor` or `__proto__`.
  const own = (labels: Record<string, string> | undefined) =>
    labels && Object.hasOwn(labels, field) ? labels[field] : undefined;
  return (
    (area && Object.hasOwn(AREA_FIELD_LABELS, area) ? own(AREA_FIELD_LABELS[area]) : undefined) ??
    own(FIELD_LABELS) ??
    field
  );
}

export const FIELD_LABELS: Record<string, string> = {
  username: '用户名',
  password: '密码',
  name: '名称',
  shortName: '简称',
  parentId: '上级党组织',
  kind: '组织类别',
  sector: '所属领域',
  divisionCode: '行政区划代码',
  foundedOn: '成立日期',
  dissolvedOn: '撤销日期',
  reason: '原因',
  effectiveOn: '生效日期',
  gender: '性别',
  ethnicity: '民族',
  birthDate: '出生日期',
  idNumber: '身份证号',
  phone: '联系电话',
  education: '学历',
  workUnit: '工作单位',
  category: '党员类别',
  status: '党员状态',
  leaveReason: '出党方式',
  leftOn: '出党日期',
  joinedOn: '入党日期',
  confirmedOn: '转正日期',
  probationExtendedMonths: '延长预备期（月）',
  orgId: '所在党组织',
  groupId: '党小组',
  memberId: '党员',
  toOrgId: '转入党组织',
  letterNumber: '介绍信编号',
  requestedOn: '申请日期',
  note: '说明',
  termStart: '任期开始',
  termEnd: '任期届满',
  role: '职务',
  fields: '查看字段',
  q: '搜索词',
  pageSize: '每页条数',
  current: '页码',
  childrenPage: '下级组织页码',
  rowsPage: '热力图页码',
  rowsQ: '热力图筛选',
  rowsSort: '热力图排序',
  coveredUnits: '覆盖单位',
  displayName: '显示名称',
  roles: '角色',
  active: '启用状态',
  value: '取值',
  committee: '班子成员',
  title: '会议名称',
  heldOn: '会议日期',
  startTime: '开始时间',
  endTime: '结束时间',
  place: '地点',
  hostName: '主持人',
  recorderName: '记录人',
  lecturerMemberId: '授课人',
  lecturerName: '授课人',
  topic: '主题',
  agenda: '议程',
  minutes: '会议记录',
  decisions: '决议事项',
  attendees: '参会人员',
  votes: '表决事项',
  decision: '审核结论',
  comment: '审核意见',
  token: '签到码',
  meetingId: '会议',
  talkerMemberId: '谈话人',
  talkedOn: '谈话日期',
  summary: '谈话要点',
  ruleId: '考核项目',
  periodKey: '考核周期',
  from: '开始月份',
  to: '结束月份',
  ageBand: '年龄段',
  joinDecade: '入党年代',
  employees: '从业人员数',
  coveredByOrgId: '覆盖党组织',
  covered: '覆盖情况',
  // Fields of audit entries' before/after (the audit log shows every field by its name).
  action: '操作',
  id: '编号',
  year: '年度',
  month: '月份',
  on: '日期',
  amountFen: '金额',
  baseFen: '党费基数',
  paidFen: '实缴金额',
  arrearsFen: '欠交金额',
  heldBeforeFen: '上缴前结存',
  appliedOn: '申请入党日期',
  approve: '是否批准',
  approvalRef: '批准文号',
  approvesDevelopment: '有权审批发展党员',
  attachmentId: '附件编号',
  attachments: '附件数',
  attendance: '出勤',
  bySecretary: '书记讲党课',
  checkedInAt: '签到时间',
  scannedAt: '扫码时间',
  checkinReceivedAt: '签到送达时间',
  closedOn: '终止日期',
  deadlineOn: '限期',
  decidedOn: '决定日期',
  developmentCaseId: '发展党员档案',
  disciplineId: '处分记录编号',
  documentId: '材料编号',
  effectiveFrom: '生效日期',
  effectiveMonth: '起始月份',
  endsOn: '截止日期',
  errors: '错误行数',
  expected: '应到人数',
  present: '实到人数',
  expiresAt: '有效期至',
  export: '导出内容',
  filterText: '筛选条件',
  filters: '筛选参数',
  rows: '行数',
  externalRef: '支付流水号',
  fileName: '文件名',
  mimeType: '文件类型',
  size: '文件大小（字节）',
  fromOrgId: '转出党组织',
  key: '步骤',
  lastStepKey: '已完成步骤',
  nextKey: '下一步骤',
  stage: '发展阶段',
  stepId: '步骤记录编号',
  late: '逾期缴纳',
  memberIds: '党员',
  method: '缴费方式',
  paidOn: '缴费日期',
  payerName: '缴费人',
  paymentIds: '缴费记录',
  periodFrom: '起始月份',
  periodTo: '截止月份',
  profiles: '党费档案数',
  quota: '发展名额',
  remittedOn: '上缴日期',
  voucherNo: '凭证号',
  toCentre: '全额上缴中央',
  voided: '已作废',
  startsAt: '开始时间',
  streakFrom: '欠交起始月份',
  streakTo: '欠交截止月份',
  orgPath: '组织路径',
  path: '组织路径',
  unlock: '解锁',
  version: '规则版本',
  warnings: '提醒',
};
