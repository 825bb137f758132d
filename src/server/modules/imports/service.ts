import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type {
  ImportDetailDto,
  ImportDto,
  ImportKind,
  importErrorsQuery,
  importListQuery,
} from '../../../shared/contracts/imports.js';
import { type Db, queryRows } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, notFound } from '../../lib/errors.js';
import { SheetFailure, xlsxProblem } from '../../lib/excel/index.js';
import { cleanFileName } from '../../lib/files.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { orgRepo } from '../orgs/index.js';
import { loadRules } from '../settings/index.js';
import {
  auditImport,
  commitMembers,
  commitOrgs,
  recheckMembers,
  rollbackMembers,
  rollbackOrgs,
} from './commit.js';
import { parseImport } from './parse.js';
import * as repo from './repo.js';
import { templateWorkbook } from './template.js';

const IMPORT = '导入记录';
export const MAX_IMPORT_BYTES = 60 * 1024 * 1024;
export const IMPORT_TOO_LARGE = '文件不能超过60MB（约30万行）；请分成几个文件导入';

/** Runs background steps and lets the server wait for them when it closes. */
export type Spawn = (task: () => Promise<void>) => void;

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

const dirOf = (dataDir: string) => path.join(dataDir, 'imports');

/**
 * Stores the upload, creates the import (status parsing) and starts the parse in the background.
 * A file that is not even a zip fails at once (no background step for it).
 */
export async function start(
  db: Db,
  ctx: RequestContext,
  spawn: Spawn,
  dataDir: string,
  input: { kind: ImportKind; orgId: number; fileName: string; data: Buffer },
): Promise<ImportDto> {
  const org = await importOrg(db, ctx, input.orgId, input.kind);
  const problem = xlsxProblem(input.data);
  const imp = await repo.insert(db, {
    kind: input.kind,
    orgId: org.id,
    orgPath: org.path,
    fileName: cleanFileName(input.fileName || '未命名.xlsx').slice(0, 200),
    status: problem ? 'failed' : 'parsing',
    failure: problem,
    createdBy: ctx.actor.userId,
  });
  // Read before the parse starts: the answer shows the upload as it was accepted (parsing).
  const accepted = await get(db, ctx, imp.id);
  if (!problem) {
    const dir = dirOf(dataDir);
    await fs.mkdir(dir, { recursive: true });
    // A random suffix: servers sharing a data directory (tests, restarts) never meet on one name.
    const filePath = path.join(dir, `${imp.id}-${randomBytes(8).toString('hex')}.xlsx`);
    await fs.writeFile(filePath, input.data);
    const rules = await loadRules(db);
    spawn(async () => {
      try {
        await parseImport(db, {
          importId: imp.id,
          kind: input.kind,
          filePath,
          org: { id: org.id, name: org.name, path: org.path },
          today: ctx.today,
          rules,
        });
      } catch (e) {
        const failure =
          e instanceof SheetFailure
            ? e.message
            : '读取文件时出错，请检查文件能否在 Excel 中正常打开后重新上传';
        await repo.update(db, imp.id, { status: 'failed', failure });
        await db.execute(sql`delete from import_rows where import_id = ${imp.id}`);
        await db.execute(sql`delete from import_errors where import_id = ${imp.id}`);
        if (!(e instanceof SheetFailure)) throw e;
      } finally {
        await fs.rm(filePath, { force: true });
      }
    });
  }
  return accepted;
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
 * runs in the background in one transaction (re-checking again inside it) and ends `committed`, or
 * back at `validated` with the reason in `failure` and nothing written. Audited with the counts.
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
    if (imp.kind === 'members') await recheckMembers(tx, imp);
    await repo.update(tx, id, { status: 'committing', failure: null });
  });
  // Read before the writing starts (on PGlite it would hold the only connection until it ends).
  const claimed = await get(db, ctx, id);
  spawn(async () => {
    try {
      // One unit of work: the derived data of the orgs the rows touch is brought up to date once.
      await inUnitOfWork(db, ctx.today, async (tx) => {
        const imp = await repo.lock(tx, scopeOf(ctx), id);
        if (imp?.status !== 'committing')
          throw new AppError('IMPORTS_NOT_VALIDATED', '导入状态已改变，请刷新');
        const count =
          imp.kind === 'members' ? await commitMembers(tx, ctx, imp) : await commitOrgs(tx, ctx, imp);
        await repo.update(tx, id, {
          status: 'committed',
          committedBy: ctx.actor.userId,
          // The transaction's now(): the rows the commit wrote carry the same instant (see rollback).
          committedAt: sql`now()` as unknown as Date,
          summary: { ...(imp.summary as object), created: count },
        });
        await auditImport(tx, ctx, imp, 'import.commit', count);
      });
    } catch (e) {
      const failure =
        e instanceof AppError ? e.message : '导入时出错，没有写入任何数据；请稍后重试，仍不成功请联系管理员';
      await repo.update(db, id, { status: 'validated', failure });
      if (!(e instanceof AppError)) throw e;
    }
  });
  return claimed;
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
  });
  return get(db, ctx, id);
}
