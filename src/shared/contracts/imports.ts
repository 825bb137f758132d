import { z } from 'zod';
import { MAX_ID, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

/** 数据导入 (issue #6): orgs and members from an .xlsx workbook, validated, then committed whole. */
export const IMPORT_KINDS = ['orgs', 'members'] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];
export const IMPORT_KIND_LABELS: Record<ImportKind, string> = { orgs: '党组织', members: '党员' };

export const IMPORT_STATUSES = [
  'parsing',
  'invalid',
  'validated',
  'committing',
  'committed',
  'rolled_back',
  'failed',
] as const;
export type ImportStatus = (typeof IMPORT_STATUSES)[number];
export const IMPORT_STATUS_LABELS: Record<ImportStatus, string> = {
  parsing: '正在检查',
  invalid: '有错误',
  validated: '待确认导入',
  committing: '正在导入',
  committed: '已导入',
  rolled_back: '已撤销',
  failed: '文件无法读取',
};

export const importKind = z.enum(IMPORT_KINDS);

export const importTemplateQuery = z.object({ kind: importKind });

/** Upload: `kind` and `orgId` as multipart fields (before the file) or in the query string. */
export const importUploadFields = z.object({
  kind: importKind,
  orgId: z.coerce.number().int().positive().max(MAX_ID),
});

export const importListQuery = z.object({
  orgId: z.coerce.number().int().positive().max(MAX_ID).optional(),
  ...pageQuery,
});

export const importErrorsQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(200).default(20),
  /** Only the errors of this column (the Chinese header). */
  column: z.string().max(40).optional(),
});

export const importErrorDto = z.object({ rowNo: z.number(), column: z.string(), message: z.string() });

export const importSummaryDto = z.object({
  /** Rows that would be (or were) created. */
  rows: z.number(),
  /** Per org: members to create in it (kind members) or orgs to create under it (kind orgs). */
  byOrg: z.array(z.object({ orgName: z.string(), count: z.number() })),
  /** After a commit: how many members / orgs were created. */
  created: z.number().optional(),
});

export const importDto = z.object({
  id: z.number(),
  kind: importKind,
  orgId: z.number(),
  orgName: z.string(),
  fileName: z.string(),
  status: z.enum(IMPORT_STATUSES),
  totalRows: z.number(),
  processedRows: z.number(),
  errorCount: z.number(),
  failure: z.string().nullable(),
  summary: importSummaryDto,
  createdByName: z.string().nullable(),
  createdAt: z.string(),
  committedByName: z.string().nullable(),
  committedAt: z.string().nullable(),
  rolledBackByName: z.string().nullable(),
  rolledBackAt: z.string().nullable(),
});
export type ImportDto = z.infer<typeof importDto>;

export const importDetailDto = importDto.extend({
  errors: z.object({
    data: z.array(importErrorDto),
    total: z.number(),
    page: z.number(),
    pageSize: z.number(),
    /** The columns that have errors, with counts (for the filter). */
    columns: z.array(z.object({ column: z.string(), count: z.number() })),
  }),
});
export type ImportDetailDto = z.infer<typeof importDetailDto>;

// ---- errors ---------------------------------------------------------------------------------

/** The imports area's error codes (`IMPORTS_…`): stable, each with its status and Chinese message. */
export const IMPORTS_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const importsApi = {} satisfies ContractGroup;
