import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, queryRows } from '../../db/client.js';
import { MIGRATIONS_FOLDER } from '../../db/migrate.js';
import { type ReadReplica, replicaHealth } from '../../db/replica.js';
import { AppError } from '../../lib/errors.js';

/** The migrations this build ships (drizzle's journal), read once. */
const expected = (
  JSON.parse(fs.readFileSync(path.join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8')) as {
    entries: unknown[];
  }
).entries.length;

/**
 * Ready when the database answers and has every migration of this build: a server started against
 * a database another (older) build migrated, or one whose database is gone, says so instead of
 * answering requests with errors. With a read replica, its lag (or that it is down) is added; a
 * replica that is down does not make the server unready: its reads go to the primary.
 */
export async function readiness(db: Db, replica?: ReadReplica) {
  let applied: number;
  try {
    const [row] = await queryRows(
      db,
      sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
      z.object({ n: z.number().int() }),
    );
    applied = row?.n ?? 0;
  } catch {
    throw new AppError('HEALTH_NOT_READY', '服务尚未就绪：数据库不可用');
  }
  if (applied < expected) {
    throw new AppError('HEALTH_NOT_READY', `服务尚未就绪：数据库迁移未完成（${applied}/${expected}）`);
  }
  const migrations = { applied, expected };
  if (!replica) return { status: 'ready' as const, migrations };
  return { status: 'ready' as const, migrations, replica: await replicaHealth(db, replica) };
}
