import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/** Escapes LIKE wildcards so that a user's `%` or `_` matches itself. */
export const escapeLike = (s: string) => s.replace(/[\\%_]/g, (c) => `\\${c}`);

/**
 * Name search as users type it: the Chinese name contains the text, or the stored pinyin starts
 * with it (`zhangsan`), or the initials do (`zs`). Org names are long, so their pinyin may match
 * anywhere (`xingfu` finds 中共幸福社区支部); person names match from the start.
 */
export function nameSearch(
  cols: { name: AnyPgColumn; pinyin: AnyPgColumn; initials: AnyPgColumn },
  q: string,
  opts: { pinyinAnywhere?: boolean } = {},
): SQL {
  const text = escapeLike(q);
  const key = escapeLike(q.toLowerCase().replace(/\s+/g, ''));
  const pinyin = opts.pinyinAnywhere ? `%${key}%` : `${key}%`;
  return sql`(${cols.name} ilike ${`%${text}%`} or ${cols.pinyin} like ${pinyin} or ${cols.initials} like ${`${key}%`})`;
}
