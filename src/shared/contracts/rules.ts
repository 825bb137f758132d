import { z } from 'zod';
import { isoDate } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute } from './route.js';

export const ruleDto = z.object({
  id: z.string(),
  title: z.string(),
  /** The value in force (the deployment's override, or the default). */
  value: z.unknown(),
  defaultValue: z.unknown(),
  overridden: z.boolean(),
  unit: z.string().nullable(),
  citation: z.string(),
  confidence: z.enum(['verified', 'secondary', 'memory', 'uncertain']),
  note: z.string().nullable(),
  configurable: z.boolean(),
  schema: z.unknown(),
  /** Dated versions, when the rule was changed with an effective date (earliest first). */
  history: z.array(z.object({ from: z.string(), value: z.unknown() })),
});
export type RuleDto = z.infer<typeof ruleDto>;

export const ruleIdParam = z.object({ id: z.string().regex(/^[a-zA-Z.]+$/, '规则编号格式不正确') });

export const ruleOverrideBody = z.object({
  value: z.unknown(),
  reason: z.string().trim().min(4, '请填写修改依据（至少4个字）').max(200),
  /**
   * From which day the new value applies. Omitted: it applies to every period, past ones included.
   * Given: periods that begin earlier keep the value in force before it.
   */
  effectiveFrom: isoDate.optional(),
});

export const CONFIDENCE_LABELS = {
  verified: '已核实（官方文本）',
  secondary: '二手资料核实',
  memory: '待核实（凭经验）',
  uncertain: '来源冲突或不确定',
} as const;

// ---- errors ---------------------------------------------------------------------------------

/** The rules area's error codes (`RULES_…`). */
export const RULES_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const rulesApi = {
  list: defineRoute({
    method: 'GET',
    path: '/api/rules',
    permission: 'authenticated',
    tag: 'rules',
    summary: '规则库：规定、依据、可信度与本系统的取值',
    responses: { 200: z.array(ruleDto) },
  }),
  override: defineRoute({
    method: 'PUT',
    path: '/api/rules/:id',
    permission: 'settings.write',
    tag: 'rules',
    summary: '修改可配置规则的取值（记入审计日志）',
    params: ruleIdParam,
    body: ruleOverrideBody,
    responses: { 200: ruleDto },
  }),
  reset: defineRoute({
    method: 'DELETE',
    path: '/api/rules/:id',
    permission: 'settings.write',
    tag: 'rules',
    summary: '恢复规则默认值',
    params: ruleIdParam,
    body: z.object({ reason: ruleOverrideBody.shape.reason }),
    responses: { 200: ruleDto },
  }),
} satisfies ContractGroup;
