/**
 * In-app notifications (消息). Each user sees only their own. Writers give every notification a
 * `dedupeKey`; a second write with the same user and key is ignored, which is what makes the daily
 * reminder job (and any retried request) safe to run twice.
 */
import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.js';
import { notifications } from '../../db/schema/index.js';
import { notFound } from '../../lib/errors.js';

export interface NewNotification {
  userId: number;
  kind: string;
  title: string;
  body?: string;
  link?: string | null;
  orgId?: number | null;
  dedupeKey: string;
}

/** Inserts the notifications not already sent; returns how many were new. */
export async function notify(tx: DbOrTx, items: NewNotification[]): Promise<number> {
  let created = 0;
  for (let i = 0; i < items.length; i += 1000) {
    const chunk = items.slice(i, i + 1000).map((n) => ({
      userId: n.userId,
      kind: n.kind,
      title: n.title.slice(0, 200),
      body: n.body ?? '',
      link: n.link ?? null,
      orgId: n.orgId ?? null,
      dedupeKey: n.dedupeKey.slice(0, 200),
    }));
    if (chunk.length === 0) continue;
    const rows = await tx
      .insert(notifications)
      .values(chunk)
      .onConflictDoNothing({ target: [notifications.userId, notifications.dedupeKey] })
      .returning({ id: notifications.id });
    created += rows.length;
  }
  return created;
}

const toDto = (n: typeof notifications.$inferSelect) => ({
  id: n.id,
  kind: n.kind,
  title: n.title,
  body: n.body,
  link: n.link,
  orgId: n.orgId,
  createdAt: n.createdAt.toISOString(),
  readAt: n.readAt ? n.readAt.toISOString() : null,
});

export async function listFor(
  db: DbOrTx,
  userId: number,
  q: { unread?: boolean; current: number; pageSize: number },
) {
  const mine = eq(notifications.userId, userId);
  const where = q.unread ? and(mine, isNull(notifications.readAt)) : mine;
  const [rows, [{ total }], [{ unread }]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(where)
      .orderBy(desc(notifications.createdAt), desc(notifications.id))
      .limit(q.pageSize)
      .offset((q.current - 1) * q.pageSize),
    db.select({ total: count() }).from(notifications).where(where),
    db
      .select({ unread: count() })
      .from(notifications)
      .where(and(mine, isNull(notifications.readAt))),
  ]);
  return { data: rows.map(toDto), total, unread };
}

/** Marks one of the user's notifications read; someone else's is 404, like anything out of scope. */
export async function markRead(db: DbOrTx, userId: number, id: number) {
  const [row] = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(eq(notifications.id, id), eq(notifications.userId, userId)))
    .returning();
  if (!row) throw notFound('消息');
  return toDto(row);
}

export async function markAllRead(db: DbOrTx, userId: number) {
  const rows = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(eq(notifications.userId, userId), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return { updated: rows.length };
}
