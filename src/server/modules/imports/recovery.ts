/**
 * What a stopped server (a crash, a kill, a restart) left half done in the imports, put right at
 * the next start (the module's setup hook, awaited before any route answers; one server per
 * database, docs/security.md):
 * - an import `committing`: its chunks had landed some rows; they are deleted (nothing can depend
 *   on them, the import was never `committed`) and the import goes back to `validated` with the
 *   reason, its staging rows kept, so that the user can commit it again with one click;
 * - an import `parsing`: marked `failed` (upload again), its partial errors and rows removed;
 * - files in the imports folder: uploads and spooled sheets whose request or parse was cut off.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { FastifyBaseLogger } from 'fastify';
import { z } from 'zod';
import { type Db, queryRows } from '../../db/client.js';
import { undoImport } from './chunks.js';
import * as repo from './repo.js';
import { purgeStaging } from './staging.js';

export const INTERRUPTED_COMMIT =
  '导入因服务重启中断，已写入的部分已全部撤回，没有导入任何数据；可以再次确认导入';
export const INTERRUPTED_PARSE = '处理中断（服务重启），请重新上传';

export async function recoverInterrupted(db: Db, dir: string, log?: FastifyBaseLogger) {
  const open = await queryRows(
    db,
    sql`select id, kind, status from imports where status in ('parsing', 'committing') order by id`,
    z.object({ id: z.number(), kind: z.string(), status: z.string() }),
  );
  for (const imp of open) {
    if (imp.status === 'committing') {
      await undoImport(db, imp.id, imp.kind);
      await repo.update(db, imp.id, { status: 'validated', failure: INTERRUPTED_COMMIT });
    } else {
      await repo.update(db, imp.id, { status: 'failed', failure: INTERRUPTED_PARSE });
      await db.execute(sql`delete from import_errors where import_id = ${imp.id}`);
      await purgeStaging(db, imp.id);
    }
    log?.warn({ importId: imp.id, status: imp.status }, 'interrupted import recovered at start');
  }
  // The folder holds only files of requests and parses in progress: none survive a restart.
  const files = await fs.readdir(dir).catch(() => [] as string[]);
  await Promise.all(files.map((f) => fs.rm(path.join(dir, f), { force: true, recursive: true })));
}
