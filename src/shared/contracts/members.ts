import { z } from 'zod';
import { AGE_BAND_CODES } from '../../domain/member/age-bands.js';
import { EDUCATION_CODES } from '../../domain/member/education.js';
import { ETHNICITIES } from '../../domain/member/ethnicities.js';
import { LEAVE_REASONS, MEMBER_CATEGORIES, MEMBER_STATUSES } from '../../domain/member/labels.js';
import { idParam, isoDate, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

export { LEAVE_REASONS, MEMBER_CATEGORIES, MEMBER_STATUSES };

const ethnicityCodes = ETHNICITIES.map((e) => e.code) as [string, ...string[]];

export const memberDto = z.object({
  id: z.number(),
  name: z.string(),
  gender: z.enum(['male', 'female']),
  ethnicity: z.string(),
  /**
   * The member's record and the register's export carry it; lists carry the age only (issue #18:
   * what a screen does not need, it is not sent).
   */
  birthDate: z.string().nullable(),
  age: z.number(),
  /**
   * Masked (`620102************`, `138****5678`) unless returned by the audited reveal endpoint.
   * The ID mask keeps the region only, so that it cannot be completed with the birth date.
   */
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  education: z.string(),
  workUnit: z.string().nullable(),
  category: z.enum(MEMBER_CATEGORIES),
  status: z.enum(MEMBER_STATUSES),
  leaveReason: z.enum(LEAVE_REASONS).nullable(),
  leftOn: z.string().nullable(),
  joinedOn: z.string(),
  confirmedOn: z.string().nullable(),
  probationExtendedMonths: z.number().nullable(),
  /** For probationary members: when probation ends (PC Art. 7) and whether that day has passed. */
  probation: z.object({ dueOn: z.string(), overdue: z.boolean() }).nullable(),
  orgId: z.number(),
  orgName: z.string(),
  groupId: z.number().nullable(),
  groupName: z.string().nullable(),
  /** A pending internal transfer touching this member, if any. */
  pendingTransfer: z
    .object({ id: z.number(), direction: z.enum(['out', 'in']), otherOrgName: z.string() })
    .nullable(),
  abilities: z.object({ update: z.boolean(), reveal: z.boolean(), transfer: z.boolean() }),
});
export type MemberDto = z.infer<typeof memberDto>;

export const memberListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  /** A name (characters, pinyin, initials), or a whole ID number (an exact match, by its keyed hash). */
  q: z.string().trim().max(30).optional(),
  category: z.enum(MEMBER_CATEGORIES).optional(),
  status: z.enum(MEMBER_STATUSES).optional(),
  gender: z.enum(['male', 'female']).optional(),
  /** An ethnicity code (GB 3304), or `minority` for every group other than Han. */
  ethnicity: z.enum([...ethnicityCodes, 'minority'] as [string, ...string[]]).optional(),
  education: z.enum(EDUCATION_CODES).optional(),
  /** Age band of the party statistics, age on today's date (Asia/Shanghai). */
  ageBand: z.enum(AGE_BAND_CODES).optional(),
  /** Members who joined in that decade: 1990 = joined 1990–1999. */
  joinDecade: z.coerce
    .number()
    .int()
    .min(1920)
    .max(2100)
    .refine((y) => y % 10 === 0, { message: '入党年代应为整十年份，如 1990' })
    .optional(),
  ...pageQuery,
});

const memberFields = {
  name: z.string().trim().min(2, '姓名至少2个字').max(30, '姓名不超过30个字'),
  gender: z.enum(['male', 'female'], { message: '请选择性别' }),
  ethnicity: z.enum(ethnicityCodes, { message: '请选择民族' }),
  birthDate: isoDate,
  idNumber: z.string().trim().toUpperCase().nullable().optional(),
  phone: z.string().trim().nullable().optional(),
  education: z.enum(EDUCATION_CODES, { message: '请选择学历' }),
  workUnit: z.string().trim().max(100).nullable().optional(),
  category: z.enum(MEMBER_CATEGORIES, { message: '请选择党员类别' }),
  status: z.enum(MEMBER_STATUSES).default('active'),
  leaveReason: z.enum(LEAVE_REASONS).nullable().optional(),
  leftOn: isoDate.nullable().optional(),
  joinedOn: isoDate,
  confirmedOn: isoDate.nullable().optional(),
  probationExtendedMonths: z.number().int().min(0).max(12).nullable().optional(),
  groupId: z.number().int().positive().max(MAX_ID).nullable().optional(),
};

export const memberCreateBody = z.object({ orgId: z.number().int().positive().max(MAX_ID), ...memberFields });
export const memberPatchBody = z
  .object({
    name: memberFields.name.optional(),
    gender: memberFields.gender.optional(),
    ethnicity: memberFields.ethnicity.optional(),
    birthDate: isoDate.optional(),
    idNumber: memberFields.idNumber,
    phone: memberFields.phone,
    education: memberFields.education.optional(),
    workUnit: memberFields.workUnit,
    category: memberFields.category.optional(),
    status: z.enum(MEMBER_STATUSES).optional(),
    leaveReason: memberFields.leaveReason,
    leftOn: memberFields.leftOn,
    joinedOn: isoDate.optional(),
    confirmedOn: memberFields.confirmedOn,
    probationExtendedMonths: memberFields.probationExtendedMonths,
    groupId: memberFields.groupId,
  })
  .strict();

export const revealBody = z.object({
  reason: z.string().trim().min(4, '请填写查看原因（至少4个字）').max(200),
  fields: z
    .array(z.enum(['idNumber', 'phone']))
    .min(1)
    .default(['idNumber', 'phone']),
});
export const revealDto = z.object({
  idNumber: z.string().nullable().optional(),
  phone: z.string().nullable().optional(),
});

export const memberEventDto = z.object({
  id: z.number(),
  kind: z.string(),
  occurredOn: z.string(),
  orgId: z.number(),
  orgName: z.string().nullable(),
  data: z.record(z.string(), z.unknown()),
});

// ---- errors ---------------------------------------------------------------------------------

/** The members area's error codes (`MEMBERS_…`): stable, each with its status and Chinese message. */
export const MEMBERS_ERRORS = {
  /** A person is on the register once: another entry holds the ID number. */
  MEMBERS_ID_NUMBER_TAKEN: { status: 400, message: '该身份证号已在党员名册中登记' },
  /**
   * The ID number is held by a record outside the caller's scope: refused without saying where or
   * why (a secretary must not learn whether a person is a member elsewhere), and audited.
   */
  MEMBERS_ID_NUMBER_REFUSED: { status: 400, message: '身份证号：无法登记，请联系上级组织部门核实' },
  /** Members belong to an active branch or joint branch, not to a committee or a party group. */
  MEMBERS_ORG_HOLDS_NO_MEMBERS: { status: 400, message: '党员应编入正常运行的党支部或联合党支部' },
  MEMBERS_GROUP_NOT_IN_BRANCH: { status: 400, message: '党小组应为本支部下设的党小组' },
  /**
   * A sitting committee member cannot become probationary: a probationary member has no right to
   * be elected (rule `member.probationaryElectable`, PC Art. 7); the finding carries the citation.
   */
  MEMBERS_PROBATIONARY_ON_COMMITTEE: {
    status: 400,
    message: '该党员是现任班子成员，预备党员没有被选举权',
  },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'members';

/** What a create or an edit may answer beyond a plain validation error. */
const writeErrors = [
  'MEMBERS_ID_NUMBER_TAKEN',
  'MEMBERS_ID_NUMBER_REFUSED',
  'MEMBERS_ORG_HOLDS_NO_MEMBERS',
  'MEMBERS_GROUP_NOT_IN_BRANCH',
] as const;

/** The register's routes. The list's export (`/api/members/export`) is the exports module's. */
export const membersApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/members',
    permission: 'member.read',
    tag,
    summary: '党员名册（orgId 表示该组织及全部下级）',
    query: memberListQuery,
    responses: { 200: page(memberDto) },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/members/:id',
    permission: 'member.read',
    tag,
    summary: '党员信息（敏感信息已脱敏）',
    params: idParam,
    responses: { 200: memberDto },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/members',
    permission: 'member.write',
    tag,
    summary: '新增党员',
    body: memberCreateBody,
    responses: { 201: memberDto },
    errors: writeErrors,
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/members/:id',
    permission: 'member.write',
    tag,
    summary: '修改党员信息',
    params: idParam,
    body: memberPatchBody,
    responses: { 200: memberDto },
    errors: [...writeErrors, 'MEMBERS_PROBATIONARY_ON_COMMITTEE'],
  }),
  reveal: defineRoute({
    method: 'POST',
    path: '/api/members/:id/reveal',
    permission: 'member.reveal',
    tag,
    summary: '查看身份证号、手机号原文（须填写原因，记入审计日志）',
    params: idParam,
    body: revealBody,
    /** Only the fields asked for, in clear. */
    responses: { 200: revealDto },
  }),
  events: defineRoute({
    method: 'GET',
    path: '/api/members/:id/events',
    permission: 'member.read',
    tag,
    summary: '党员名册变动记录',
    params: idParam,
    responses: { 200: z.array(memberEventDto) },
  }),
} satisfies ContractGroup;
