import { z } from 'zod';
import { idParam, MAX_ID, MAX_PAGE, page, pageQuery } from './common.js';
import type { ErrorMap } from './error-codes.js';
import { type ContractGroup, defineRoute, fileResponse } from './route.js';

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
  page: z.coerce.number().int().min(1).max(MAX_PAGE).default(1),
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

/**
 * The imports area's error codes (`IMPORTS_…`): stable, each with its status and Chinese message.
 * The area is the Excel pipeline as a whole: the dues import of bases answers its `IMPORTS_PREVIEW_…`
 * and `IMPORTS_FILE_UNREADABLE` codes too.
 */
export const IMPORTS_ERRORS = {
  /** Commit of an import that is not (or no longer) `validated`: still checking, with errors, done. */
  IMPORTS_NOT_VALIDATED: { status: 409, message: '该文件当前不能导入' },
  /** The register changed since the check (a branch dissolved, an ID number registered): nothing written. */
  IMPORTS_REGISTER_CHANGED: {
    status: 409,
    message: '检查之后名册已发生变化，本次导入未写入任何数据，请重新上传检查',
  },
  /** Another import is being checked or committed at this org (or above or below it): one at a time. */
  IMPORTS_BUSY: {
    status: 409,
    message: '该党组织（或其上下级组织）正有一个导入在检查或写入，请等它完成后再上传或确认',
  },
  /** The server's disk is nearly full: uploads are refused before a byte is stored. */
  IMPORTS_DISK_FULL: { status: 503, message: '服务器磁盘空间不足，暂时不能上传文件；请联系管理员' },
  /** Rollback of an import that was not committed (or was already rolled back). */
  IMPORTS_NOT_COMMITTED: { status: 409, message: '只能撤销已导入的数据' },
  /** Rollback refused: what the import created is already used elsewhere (the message names what). */
  IMPORTS_IN_USE: { status: 409, message: '不能撤销：本次导入的数据已有后续数据，请逐一处理' },
  /** The file is not a readable .xlsx workbook (an upload that is previewed at once). */
  IMPORTS_FILE_UNREADABLE: { status: 422, message: '文件：不是有效的 Excel（.xlsx）文件' },
  /** A previewed upload (dues bases) committed a second time. */
  IMPORTS_PREVIEW_COMMITTED: { status: 422, message: '该导入已提交，不能重复提交' },
  /** A previewed upload with errors cannot be committed. */
  IMPORTS_PREVIEW_HAS_ERRORS: { status: 422, message: '导入预览有错误，请修正文件后重新上传' },
  /** A previewed row no longer holds at commit (the member moved or left, a rule changed). */
  IMPORTS_PREVIEW_STALE: {
    status: 422,
    message: '预览后数据发生变化，本次导入未写入任何数据，请重新上传',
  },
} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

const tag = 'imports';

/** A 413 answered by the upload before the import reads the file (src/server/lib/upload.ts). */
const uploadTooLarge = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(z.object({ field: z.string(), message: z.string() })),
  requestId: z.string(),
});

export const importsApi = {
  template: defineRoute({
    method: 'GET',
    path: '/api/imports/template',
    permission: 'member.write',
    tag,
    summary: '导入模板（.xlsx：表头、示例行、下拉选项、填写说明）',
    query: importTemplateQuery,
    responses: { 200: fileResponse('导入模板（.xlsx）') },
  }),
  upload: defineRoute({
    method: 'POST',
    path: '/api/imports',
    permission: 'member.write',
    tag,
    summary: '上传导入文件（multipart：kind、orgId 字段在 file 之前）；后台逐行检查，返回 202',
    query: importUploadFields.partial(),
    /** The form's fields, sent before the file (or in the query string). */
    body: importUploadFields,
    multipart: true,
    responses: { 202: importDto, 413: uploadTooLarge },
    errors: ['IMPORTS_BUSY', 'IMPORTS_DISK_FULL'],
  }),
  list: defineRoute({
    method: 'GET',
    path: '/api/imports',
    permission: 'member.write',
    tag,
    summary: '导入记录（orgId 表示该组织及全部下级）',
    query: importListQuery,
    responses: { 200: page(importDto) },
  }),
  get: defineRoute({
    method: 'GET',
    path: '/api/imports/:id',
    permission: 'member.write',
    tag,
    summary: '导入状态、进度、错误（分页）和汇总',
    params: idParam,
    query: importErrorsQuery,
    responses: { 200: importDetailDto },
  }),
  commit: defineRoute({
    method: 'POST',
    path: '/api/imports/:id/commit',
    permission: 'member.write',
    tag,
    summary:
      '确认导入（仅检查通过的文件；后台分批写入，其间其他请求照常应答；全部写入或全部不写入），返回 202',
    params: idParam,
    responses: { 202: importDto },
    errors: ['IMPORTS_NOT_VALIDATED', 'IMPORTS_REGISTER_CHANGED', 'IMPORTS_BUSY'],
  }),
  rollback: defineRoute({
    method: 'POST',
    path: '/api/imports/:id/rollback',
    permission: 'member.write',
    tag,
    summary: '撤销导入（导入的数据未被其他业务使用时整批删除）',
    params: idParam,
    responses: { 200: importDto },
    errors: ['IMPORTS_NOT_COMMITTED', 'IMPORTS_IN_USE'],
  }),
} satisfies ContractGroup;
