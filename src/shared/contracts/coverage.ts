import { z } from 'zod';
import { COVERAGE_KINDS } from '../../domain/org/coverage.js';
import { idParam, MAX_ID, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

export { COVERAGE_KINDS };

/** A 两新组织 unit: an enterprise or social organization of an area, and who covers it. */
export const coverageUnitDto = z.object({
  id: z.number(),
  name: z.string(),
  kind: z.enum(COVERAGE_KINDS),
  /** The responsible org of the area (a street or town committee). */
  orgId: z.number(),
  orgName: z.string(),
  employees: z.number(),
  /** The covering party organization (its own or a joint branch); null = not covered. */
  coveredByOrgId: z.number().nullable(),
  coveredByOrgName: z.string().nullable(),
  abilities: z.object({ update: z.boolean() }),
});
export type CoverageUnitDto = z.infer<typeof coverageUnitDto>;

export const coverageListQuery = z.object({
  /** The subtree whose units to list (units whose responsible org lies in it). */
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  kind: z.enum(COVERAGE_KINDS).optional(),
  covered: z.enum(['true', 'false']).optional(),
  q: z.string().trim().max(50).optional(),
  ...pageQuery,
});

const unitFields = {
  name: z.string().trim().min(2, '至少2个字').max(100, '不超过100个字'),
  kind: z.enum(COVERAGE_KINDS, { message: '请选择单位类型' }),
  orgId: z.number({ message: '请选择所属党组织' }).int().positive().max(MAX_ID),
  employees: z.number({ message: '请填写从业人员数' }).int().min(0, '不能为负数').max(1_000_000),
  coveredByOrgId: z.number().int().positive().max(MAX_ID).nullable(),
};

export const coverageCreateBody = z.object({
  ...unitFields,
  employees: unitFields.employees.default(0),
  coveredByOrgId: unitFields.coveredByOrgId.default(null),
});
export const coveragePatchBody = z
  .object({
    name: unitFields.name.optional(),
    kind: unitFields.kind.optional(),
    orgId: unitFields.orgId.optional(),
    employees: unitFields.employees.optional(),
    coveredByOrgId: unitFields.coveredByOrgId.optional(),
  })
  .strict();

// ---- errors ---------------------------------------------------------------------------------

/**
 * The coverage area's error codes (`COVERAGE_…`). None yet: a wrong org or a taken name is a field
 * error (400) naming the field, an org outside the writer's scope a 404.
 */
export const COVERAGE_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'coverage';

export const coverageApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/coverage-units',
    permission: 'org.read',
    tag,
    summary: '两新组织覆盖名录（orgId 表示该组织及全部下级负责的单位）',
    query: coverageListQuery,
    responses: { 200: page(coverageUnitDto) },
  }),
  create: defineRoute({
    method: 'POST',
    path: '/api/coverage-units',
    permission: 'org.write',
    tag,
    summary: '新增两新组织单位',
    body: coverageCreateBody,
    responses: { 201: coverageUnitDto },
  }),
  update: defineRoute({
    method: 'PATCH',
    path: '/api/coverage-units/:id',
    permission: 'org.write',
    tag,
    summary: '修改两新组织单位（含覆盖党组织）',
    params: idParam,
    body: coveragePatchBody,
    responses: { 200: coverageUnitDto },
  }),
} satisfies ContractGroup;
