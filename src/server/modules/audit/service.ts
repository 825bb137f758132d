import type { z } from 'zod';
import { addDays } from '../../../domain/common/dates.js';
import type { auditListQuery } from '../../../shared/contracts/audit.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import * as repo from './repo.js';

/** The audit log in the auditor's scope, a page at a time (the list screen and its export). */
export async function list(db: Db, ctx: RequestContext, query: z.infer<typeof auditListQuery>) {
  const { current, pageSize, from, to, ...q } = query;
  const r = await repo.list(
    db,
    ctx.actor.scope('audit.read'),
    {
      ...q,
      // Days are Shanghai days: [from 00:00, to + 1 day 00:00) at +08:00.
      from: from ? new Date(`${from}T00:00:00+08:00`) : undefined,
      to: to ? new Date(`${addDays(to, 1)}T00:00:00+08:00`) : undefined,
    },
    current,
    pageSize,
  );
  return {
    data: r.data.map(({ orgPath: _p, at, ...e }) => ({ ...e, at: at.toISOString() })),
    total: r.total,
  };
}
