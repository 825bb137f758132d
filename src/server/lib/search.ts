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
  opts: { pinyinAnywhere?: boolean; charsIndexed?: boolean } = {},
): SQL {
  const text = escapeLike(q);
  const key = escapeLike(q.toLowerCase().replace(/\s+/g, ''));
  const pinyin = opts.pinyinAnywhere ? `%${key}%` : `${key}%`;
  if (opts.charsIndexed) return indexedNameSearch(cols, q, text, key);
  return sql`(${cols.name} ilike ${`%${text}%`} or ${cols.pinyin} like ${pinyin} or ${cols.initials} like ${`${key}%`})`;
}

const HAN = /\p{Script=Han}/u;

/**
 * The same search in a form each of whose branches an index serves (members: 5 M rows in a
 * province), so PostgreSQL can OR three bitmaps instead of reading the subtree: a name containing
 * Chinese text must contain each of its characters (the GIN index over
 * `string_to_array(name, null)`) and then the text itself; pinyin and initials by prefix (btree
 * with the pattern operator class). A query without Chinese characters is matched on pinyin and
 * initials only: person names are Chinese, and `ilike '%zh%'` on them could match nothing the
 * pinyin does not.
 */
function indexedNameSearch(
  cols: { name: AnyPgColumn; pinyin: AnyPgColumn; initials: AnyPgColumn },
  q: string,
  text: string,
  key: string,
): SQL {
  const prefix = sql`${cols.pinyin} like ${`${key}%`} or ${cols.initials} like ${`${key}%`}`;
  if (!HAN.test(q)) return sql`(${prefix})`;
  const chars = sql.join(
    [...new Set([...q.replace(/\s+/g, '')])].map((c) => sql`${c}`),
    sql`, `,
  );
  return sql`((string_to_array(${cols.name}, null) @> array[${chars}]::text[]
    and ${cols.name} ilike ${`%${text}%`}) or ${prefix})`;
}
