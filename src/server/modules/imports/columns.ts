/**
 * The import templates' columns (Chinese headers as the user sees them) in the shared column format
 * (src/server/lib/excel), the enumerations written as their Chinese labels.
 */
import { EDUCATION_LEVELS } from '../../../domain/member/education.js';
import { ETHNICITIES } from '../../../domain/member/ethnicities.js';
import {
  GENDER_LABELS,
  GENDERS,
  MEMBER_CATEGORIES,
  MEMBER_CATEGORY_LABELS,
} from '../../../domain/member/labels.js';
import { ORG_KIND_LABELS, ORG_KINDS, SECTOR_LABELS, SECTORS } from '../../../domain/org/labels.js';
import type { ImportKind } from '../../../shared/contracts/imports.js';
import { type Column, defineColumns } from '../../lib/excel/index.js';

export { EXAMPLE_MARK, headerText } from '../../lib/excel/index.js';

/** A column of an import template (src/server/lib/excel: the format every import shares). */
export type ColumnDef = Column;

const opts = (pairs: [string, string][]) => pairs.map(([code, label]) => ({ code, label }));

export const MEMBER_COLUMNS = defineColumns([
  { key: 'name', header: '姓名', required: true, width: 12, hint: '2至30个字', example: '张三' },
  {
    key: 'gender',
    header: '性别',
    required: true,
    width: 8,
    type: 'enum',
    options: opts(GENDERS.map((g) => [g, GENDER_LABELS[g]])),
    hint: '从下拉列表选择：男、女；须与身份证号一致',
    example: '男',
  },
  {
    key: 'ethnicity',
    header: '民族',
    required: true,
    width: 10,
    type: 'enum',
    options: opts(ETHNICITIES.map((e) => [e.code, e.name])),
    omittable: ['族'],
    hint: '从下拉列表选择56个民族之一，如 汉族、回族',
    example: '汉族',
  },
  {
    key: 'birthDate',
    header: '出生日期',
    required: true,
    type: 'date',
    width: 12,
    hint: '日期，如 1985-03-08（也可写 1985/3/8、1985.03.08）；须与身份证号一致',
    example: '1985-03-08',
  },
  {
    key: 'idNumber',
    header: '身份证号',
    required: true,
    asText: true,
    longDigits: true,
    width: 22,
    hint: '18位公民身份号码（单元格为文本格式），校验码须正确；同一身份证号在名册中只能登记一次',
    example: '620102198503080015',
  },
  {
    key: 'education',
    header: '学历',
    required: true,
    width: 12,
    type: 'enum',
    options: EDUCATION_LEVELS.map((e) => ({ code: e.code, label: e.name })),
    hint: `从下拉列表选择：${EDUCATION_LEVELS.map((e) => e.name).join('、')}`,
    example: '大学本科',
  },
  {
    key: 'category',
    header: '党员类别',
    required: true,
    width: 11,
    type: 'enum',
    options: opts(MEMBER_CATEGORIES.map((c) => [c, MEMBER_CATEGORY_LABELS[c]])),
    omittable: ['党员'],
    hint: '从下拉列表选择：正式党员、预备党员',
    example: '正式党员',
  },
  {
    key: 'joinedOn',
    header: '入党日期',
    required: true,
    type: 'date',
    width: 12,
    hint: '支部大会通过接收为预备党员之日；入党时应年满18周岁',
    example: '2010-07-01',
  },
  {
    key: 'confirmedOn',
    header: '转正日期',
    required: false,
    type: 'date',
    width: 12,
    hint: '正式党员必填，不能早于预备期满之日（入党日期加1年）；预备党员不填',
    example: '2011-07-01',
  },
  {
    key: 'org',
    header: '所在党支部',
    required: true,
    width: 34,
    hint: '党支部或联合党支部的全称，须是导入所选组织或其下级组织，且名称唯一',
    example: '中共××社区支部委员会',
  },
  {
    key: 'phone',
    header: '联系电话',
    required: false,
    asText: true,
    width: 14,
    hint: '11位手机号码或固定电话（如0931-8123456），可不填',
    example: '13800001111',
  },
  {
    key: 'workUnit',
    header: '工作单位',
    required: false,
    width: 24,
    hint: '可不填，不超过100个字',
    example: '××街道办事处',
  },
]);

export const ORG_COLUMNS = defineColumns([
  { key: 'name', header: '组织名称', required: true, width: 34, hint: '全称，2至100个字', example: '' },
  {
    key: 'parent',
    header: '上级党组织',
    required: true,
    width: 34,
    hint: '上级党组织的全称：导入所选组织或其下级中已有的组织，或本表中更靠前一行的组织',
    example: '',
  },
  {
    key: 'kind',
    header: '组织类别',
    required: true,
    width: 12,
    type: 'enum',
    options: opts(ORG_KINDS.map((k) => [k, ORG_KIND_LABELS[k]])),
    hint: '从下拉列表选择；党委下可设党委、党总支、党支部、联合党支部，党总支下设党支部，党支部下设党小组',
    example: '党支部',
  },
  {
    key: 'sector',
    header: '所属领域',
    required: true,
    width: 14,
    type: 'enum',
    options: opts(SECTORS.map((s) => [s, SECTOR_LABELS[s]])),
    hint: `从下拉列表选择：${SECTORS.map((s) => SECTOR_LABELS[s]).join('、')}`,
    example: '社区',
  },
  { key: 'shortName', header: '简称', required: false, width: 16, hint: '可不填，不超过40个字', example: '' },
  {
    key: 'divisionCode',
    header: '行政区划代码',
    required: false,
    asText: true,
    width: 16,
    hint: '可不填；6、9或12位数字（GB/T 2260），如 620102',
    example: '620102',
  },
  {
    key: 'foundedOn',
    header: '成立日期',
    required: true,
    type: 'date',
    width: 12,
    hint: '日期，如 2020-05-01（也可写 2020/5/1、2020.05.01），不能晚于今天',
    example: '2020-05-01',
  },
]);

export const columnsOf = (kind: ImportKind): readonly ColumnDef[] =>
  kind === 'members' ? MEMBER_COLUMNS : ORG_COLUMNS;

export const DATA_SHEET: Record<ImportKind, string> = { members: '党员信息', orgs: '党组织信息' };
export const HELP_SHEET = '填写说明';
