/**
 * The replica and the request (decision 0050): which database a heavy read of this request uses,
 * and the caller's last write position that decides it.
 *
 * Read-your-writes across server processes: after a state-changing request succeeds, the answer
 * carries a cookie with the primary's WAL position at that moment (`pg_current_wal_lsn()`, at or
 * past the request's commit). A later heavy read by the same browser, answered by any process,
 * goes to the replica only once the replica has replayed that position (replica.ts `choose`).
 * A cookie rather than the session row: it needs no write on the primary and no migration, and
 * it follows the browser, which is who must see the write. A forged or stale cookie harms nobody
 * else: a position the replica has not reached makes that caller wait its 200 ms and read the
 * primary.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config.js';
import type { Database, Db } from './client.js';
import { currentLsn, errorCode, formatLsn, lsnOrNull } from './replica.js';

/** The cookie that holds the caller's last write position (`0/3000148`). */
export const WRITE_POSITION_COOKIE = 'jiceng_wal';

/** Methods that change nothing: they leave the position as it was. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Sets the write-position cookie on every successful state-changing answer. Registered at the
 * root, so every module's routes have it; nothing is registered without a replica.
 */
export function registerWritePosition(app: FastifyInstance, database: Database, config: AppConfig) {
  if (!database.reader) return;
  app.addHook('onSend', async (request, reply, payload) => {
    if (SAFE_METHODS.has(request.method) || reply.statusCode >= 400) return payload;
    try {
      // The handler's transaction has committed by now (the answer is being sent).
      const lsn = await currentLsn(database.db);
      reply.setCookie(WRITE_POSITION_COOKIE, formatLsn(lsn), {
        path: '/api',
        httpOnly: true,
        sameSite: 'strict',
        secure: config.cookieSecure,
      });
    } catch (err) {
      // The write is done; without the cookie the caller's next heavy read may miss it for the
      // replica's lag. Not a reason to fail the answer.
      request.log.warn({ code: errorCode(err) }, 'write position not recorded');
    }
    return payload;
  });
}

/**
 * Runs a heavy read on the replica when it has the caller's writes (or on the primary: no
 * replica, the replica down, or still behind after the wait). Routes pass their service call:
 * `heavyRead(database, req, (db) => service.dashboard(db, ctxOf(req), id))`.
 */
export async function heavyRead<T>(
  database: Database,
  request: FastifyRequest,
  run: (db: Db) => Promise<T>,
): Promise<T> {
  const replica = database.reader;
  if (!replica) return run(database.db);
  const after = lsnOrNull(request.cookies[WRITE_POSITION_COOKIE]);
  const { result } = await replica.read(database.db, after, run, (err) =>
    request.log.warn({ code: errorCode(err) }, 'replica unavailable: the read ran on the primary'),
  );
  return result;
}
