import { z } from 'zod';
import { isIsoDate } from '../../domain/common/dates.js';

export const idParam = z.object({ id: z.coerce.number().int().positive() });

export const isoDate = z.string().refine(isIsoDate, { message: '日期格式应为 YYYY-MM-DD' });

export const pageQuery = {
  current: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
};

export const page = <T extends z.ZodTypeAny>(item: T) =>
  z.object({
    data: z.array(item),
    total: z.number(),
    /**
     * True when `total` is a floor: a list over a large subtree with filters no rollup answers
     * counts at most LIST_COUNT_CAP rows (the page itself is exact), and says "more than".
     */
    totalCapped: z.boolean().optional(),
  });

/** The most rows a filtered list counts before it reports "more than" (see `page`). */
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
  meetings: { status: '会议状态', kind: '会议类型' },
  'coverage-units': { name: '单位名称', kind: '单位类型', orgId: '所属党组织' },
};

/** The label of a request field as the user sees it, for an API area ('members', 'orgs', …). */
export function fieldLabel(field: string, area?: string): string {
  return (area && AREA_FIELD_LABELS[area]?.[field]) ?? FIELD_LABELS[field] ?? field;
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
};
