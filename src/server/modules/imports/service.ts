import fs from 'node:fs/promises';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type {
  ImportDetailDto,
  ImportDto,
  ImportKind,
  importErrorsQuery,
  importListQuery,
} from '../../../shared/contracts/imports.js';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import { imports } from '../../db/schema/index.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { SheetFailure, verifyZip, XLSX_LIMITS, xlsxProblem, zipProblem } from '../../lib/excel/index.js';
import { cleanFileName } from '../../lib/files.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { orgRepo } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import { undoImport, writeInChunks } from './chunks.js';
import { auditImport, recheckMembers, rollbackMembers, rollbackOrgs } from './commit.js';
import { type ParseJob, parseImport } from './parse.js';
import * as repo from './repo.js';
import { purgeStaging } from './staging.js';
import { templateWorkbook } from './template.js';

const IMPORT = '导入记录';
export const MAX_IMPORT_BYTES = 60 * 1024 * 1024;
export const IMPORT_TOO_LARGE = '文件不能超过60MB（约30万行）；请分成几个文件导入';

/** The advisory lock key under which imports are claimed (busy check + status change). */
const IMPORT_LOCK = 0x1a7e0001;

/** Runs background steps and lets the server wait for them when it closes. */
/** Runs a background step; the step gets the server's log (for what the user is not shown). */
export type Spawn = (task: (log: BackgroundLog | null) => Promise<void>) => void;
export interface BackgroundLog {
  warn(obj: object, msg: string): void;
}

const scopeOf = (ctx: RequestContext) => ctx.actor.scope('member.write');

/**
 * The org an import is made at: in the actor's member.write scope (404 otherwise); an import of
 * orgs also needs org.write there (a secretary registers members but does not found orgs).
 */
async function importOrg(db: Db, ctx: RequestContext, orgId: number, kind: ImportKind) {
  const org = await orgRepo.findOrg(db, scopeOf(ctx), orgId);
  if (!org) throw notFound('党组织');
  if (kind === 'orgs' && !ctx.actor.scope('org.write').containsPath(org.path)) {
    throw new AppError('FORBIDDEN', '导入党组织需要该组织的组织管理权限');
  }
  return org;
}

export async function template(db: Db, ctx: RequestContext, kind: ImportKind) {
  // The example row names an org the user may import into: the first root of their scope.
  const [root] = await orgRepo.rootRows(db, scopeOf(ctx));
  let branchName: string | undefined;
  if (root && kind === 'members') {
    const [b] = await queryRows(
      db,
      sql`select name from orgs where path <@ ${root.path}::ltree and kind in ('branch', 'joint_branch')
          and status = 'active' order by depth, id limit 1`,
      z.object({ name: z.string() }),
    );
    branchName = b?.name;
  }
  const buffer = await templateWorkbook(kind, { orgName: branchName, parentName: root?.name });
  return { buffer, fileName: kind === 'members' ? '党员信息导入模板.xlsx' : '党组织信息导入模板.xlsx' };
}

export const dirOf = (dataDir: string) => path.join(dataDir, 'imports');

/** Free disk space asked of an upload: the file, what the reader may spool, and room to spare. */
export const UPLOAD_FREE_BYTES = MAX_IMPORT_BYTES + XLSX_LIMITS.entryBytes + 256 * 1024 * 1024;

/**
 * Takes a stored upload (the route streamed it into the imports folder), creates the import
 * (status parsing) and starts the parse in the background, which deletes the file when it ends.
 * Refused at once, with the file deleted: another import busy at the org (409), and a file that
 * is not a zip or whose directory shows it would expand beyond the limits (400, field `file`).
 */
export async function start(
  db: Db,
  ctx: RequestContext,
  spawn: Spawn,
  input: { kind: ImportKind; orgId: number; fileName: string; filePath: string },
): Promise<ImportDto> {
  let owned = false;
  try {
    const org = await importOrg(db, ctx, input.orgId, input.kind);
    const head = Buffer.alloc(4);
    const fh = await fs.open(input.filePath, 'r');
    const { size } = await fh.stat();
    await fh.read(head, 0, 4, 0).finally(() => fh.close());
    const problem =
      size === 0 ? xlsxProblem(Buffer.alloc(0)) : (xlsxProblem(head) ?? (await zipProblem(input.filePath)));
    if (problem) throw fieldErrors([{ field: 'file', message: `文件：${problem}` }]);
    const imp = await db.transaction(async (tx) => {
      // One claim at a time: two uploads at once must not both pass the busy check.
      await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
      await busyAt(tx, org.path, null);
      return repo.insert(tx, {
        kind: input.kind,
        orgId: org.id,
        orgPath: org.path,
        fileName: cleanFileName(input.fileName || '未命名.xlsx').slice(0, 200) || '未命名.xlsx',
        status: 'parsing',
        createdBy: ctx.actor.userId,
      });
    });
    // Read before the parse starts: the answer shows the upload as it was accepted (parsing).
    const accepted = await get(db, ctx, imp.id);
    const rules = await loadRules(db);
    const job = {
      importId: imp.id,
      kind: input.kind,
      filePath: input.filePath,
      org: { id: org.id, name: org.name, path: org.path },
      today: ctx.today,
      rules,
      spoolDir: path.dirname(input.filePath),
      audit: ctx,
    };
    owned = true;
    spawn((log) => parseInBackground(db, job, log));
    return accepted;
  } finally {
    if (!owned) await fs.rm(input.filePath, { force: true });
  }
}

/** Parses, or records why not (`failed`, nothing staged); deletes the uploaded file however it ends. */
async function parseInBackground(db: Db, job: ParseJob, log: BackgroundLog | null) {
  try {
    // Every part inflated once, counting: a directory that lied about the sizes stops here.
    const why: { detail?: string } = {};
    const problem = await verifyZip(job.filePath, undefined, why);
    if (problem) throw new SheetFailure('too-big', problem, why.detail);
    await parseImport(db, job);
  } catch (e) {
    // Why a file was judged unreadable, in the server's log only (no cell value is in it): a file
    // the user says opens fine in Excel must be explainable.
    if (e instanceof SheetFailure && e.detail) {
      log?.warn({ importId: job.importId, kind: e.kind, detail: e.detail }, 'import file refused');
    }
    // The file first: once the import shows its outcome, nothing of the upload is left.
    await fs.rm(job.filePath, { force: true });
    const failure =
      e instanceof SheetFailure ? e.message : '读取文件时出错，请检查文件能否在 Excel 中正常打开后重新上传';
    await repo.update(db, job.importId, { status: 'failed', failure });
    await db.execute(sql`delete from import_errors where import_id = ${job.importId}`);
    await purgeStaging(db, job.importId);
    if (!(e instanceof SheetFailure)) throw e;
  } finally {
    await fs.rm(job.filePath, { force: true });
  }
}

function toDto(r: repo.ImportListRow): ImportDto {
  const s = r.imp.summary as Partial<ImportDto['summary']>;
  return {
    id: r.imp.id,
    kind: r.imp.kind as ImportKind,
    orgId: r.imp.orgId,
    orgName: r.orgName,
    fileName: r.imp.fileName,
    status: r.imp.status as ImportDto['status'],
    totalRows: r.imp.totalRows,
    processedRows: r.imp.processedRows,
    errorCount: r.imp.errorCount,
    failure: r.imp.failure,
    summary: {
      rows: s.rows ?? 0,
      byOrg: s.byOrg ?? [],
      ...(s.created !== undefined ? { created: s.created } : {}),
    },
    createdByName: r.createdByName,
    createdAt: r.imp.createdAt.toISOString(),
    committedByName: r.committedByName,
    committedAt: r.imp.committedAt?.toISOString() ?? null,
    rolledBackByName: r.rolledBackByName,
    rolledBackAt: r.imp.rolledBackAt?.toISOString() ?? null,
  };
}

export async function get(db: Db, ctx: RequestContext, id: number): Promise<ImportDto> {
  const row = await repo.find(db, scopeOf(ctx), id);
  if (!row) throw notFound(IMPORT);
  return toDto(row);
}

export async function detail(
  db: Db,
  ctx: RequestContext,
  id: number,
  q: z.infer<typeof importErrorsQuery>,
): Promise<ImportDetailDto> {
  const dto = await get(db, ctx, id);
  const errors = await repo.errorsPage(db, id, q.page, q.pageSize, q.column);
  return { ...dto, errors: { ...errors, page: q.page, pageSize: q.pageSize } };
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof importListQuery>) {
  const scope = scopeOf(ctx);
  let orgPath: string | null = null;
  if (q.orgId) {
    const org = await orgRepo.findOrg(db, scope, q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const r = await repo.list(db, scope, orgPath, q.current, q.pageSize);
  return { data: r.data.map(toDto), total: r.total };
}

/**
 * Writes every validated row or none. The request claims the import (validated → committing) after
 * a quick re-check against the register, so a conflict found then is a 409 at once; the writing
 * runs in the background in bounded chunks (./chunks.ts: other requests are answered between
 * them) and ends `committed`, or back at `validated` with the reason in `failure` and everything
 * the chunks wrote deleted again. Audited with the counts; the staging rows are purged after it.
 */
export async function commit(db: Db, ctx: RequestContext, spawn: Spawn, id: number): Promise<ImportDto> {
  await db.transaction(async (tx) => {
    const imp = await repo.lock(tx, scopeOf(ctx), id);
    if (!imp) throw notFound(IMPORT);
    if (imp.kind === 'orgs' && !ctx.actor.scope('org.write').containsPath(imp.orgPath)) {
      throw new AppError('FORBIDDEN', '导入党组织需要该组织的组织管理权限');
    }
    if (imp.status !== 'validated') {
      const why: Record<string, string> = {
        parsing: '文件还在检查中，请稍候',
        invalid: '文件有错误，请改正后重新上传',
        failed: '文件无法读取，请重新上传',
        committing: '正在导入，请稍候',
        committed: '该文件已经导入',
        rolled_back: '该次导入已撤销，请重新上传',
      };
      throw new AppError('IMPORTS_NOT_VALIDATED', `不能导入：${why[imp.status] ?? imp.status}`);
    }
    if (imp.purgedAt) {
      throw new AppError('IMPORTS_NOT_VALIDATED', '不能导入：检查结果已超过保留期限并已清除，请重新上传');
    }
    await tx.execute(sql`select pg_advisory_xact_lock(${IMPORT_LOCK})`);
    await busyAt(tx, imp.orgPath, imp.id);
    if (imp.kind === 'members') await recheckMembers(tx, imp);
    await repo.update(tx, id, { status: 'committing', failure: null });
  });
  // Read before the writing starts.
  const claimed = await get(db, ctx, id);
  spawn(() => commitInBackground(db, ctx, id));
  return claimed;
}

async function commitInBackground(db: Db, ctx: RequestContext, id: number) {
  const [imp] = await db.select().from(imports).where(eq(imports.id, id));
  if (imp?.status !== 'committing') return;
  // One instant for the whole import (see ./chunks.ts), whole milliseconds as JS keeps them.
  const at = new Date();
  try {
    const written = await writeInChunks(db, imp, ctx, at);
    // The last step, one unit of work: the derived data of the orgs the rows touched, once.
    await inUnitOfWork(db, ctx.today, async (tx) => {
      const cur = await repo.lock(tx, scopeOf(ctx), id);
      if (cur?.status !== 'committing') throw new AppError('IMPORTS_NOT_VALIDATED', '导入状态已改变，请刷新');
      tx.touch(imp.kind === 'members' ? 'members' : 'orgs', written.touched);
      await repo.update(tx, id, {
        status: 'committed',
        committedBy: ctx.actor.userId,
        committedAt: at,
        summary: { ...(imp.summary as object), created: written.count },
      });
      await auditImport(tx, ctx, imp, 'import.commit', written.count);
      // With the status: an import shown committed has no staging copy left.
      await purgeStaging(tx, id);
    });
  } catch (e) {
    await undoImport(db, id, imp.kind);
    const failure = commitFailure(e);
    await repo.update(db, id, { status: 'validated', failure });
    if (!(e instanceof AppError) && failure === COMMIT_FAILED) throw e;
    return;
  }
}

const COMMIT_FAILED = '导入时出错，没有写入任何数据；请稍后重试，仍不成功请联系管理员';

/** The reason shown on the import's page after a failed commit. */
function commitFailure(e: unknown): string {
  if (e instanceof AppError) return e.message;
  // The unique index on the ID number's hash: someone registered one of these people meanwhile.
  const code =
    (e as { code?: string; cause?: { code?: string } }).code ??
    (e as { cause?: { code?: string } }).cause?.code;
  if (code === '23505') {
    return '有身份证号在检查之后已无法登记，本次导入未写入任何数据；请重新上传检查';
  }
  return COMMIT_FAILED;
}

/**
 * One import at a time per org (issue #18): while an import is being checked or committed at an
 * org, its ancestors or its subtree, another one there is refused with 409 `IMPORTS_BUSY`.
 */
async function busyAt(db: DbOrTx, orgPath: string, except: number | null) {
  const [busy] = await queryRows(
    db,
    sql`select status from imports where status in ('parsing', 'committing')
        and (org_path <@ ${orgPath}::ltree or org_path @> ${orgPath}::ltree)
        and id <> ${except ?? 0} limit 1`,
    z.object({ status: z.string() }),
  );
  if (busy) throw new AppError('IMPORTS_BUSY');
}

/** Deletes what the import created, as a whole, while nothing depends on it (409 naming what does). */
export async function rollback(db: Db, ctx: RequestContext, id: number): Promise<ImportDto> {
  await inUnitOfWork(db, ctx.today, async (tx) => {
    const imp = await repo.lock(tx, scopeOf(ctx), id);
    if (!imp) throw notFound(IMPORT);
    if (imp.kind === 'orgs' && !ctx.actor.scope('org.write').containsPath(imp.orgPath)) {
      throw new AppError('FORBIDDEN', '撤销党组织导入需要该组织的组织管理权限');
    }
    if (imp.status !== 'committed') throw new AppError('IMPORTS_NOT_COMMITTED');
    const count = imp.kind === 'members' ? await rollbackMembers(tx, imp) : await rollbackOrgs(tx, imp);
    await repo.update(tx, id, {
      status: 'rolled_back',
      rolledBackBy: ctx.actor.userId,
      rolledBackAt: new Date(),
    });
    await auditImport(tx, ctx, imp, 'import.rollback', count);
    await purgeStaging(tx, id);
  });
  return get(db, ctx, id);
}
