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
  opts: { pinyinAnywhere?: boolean; tokens?: TokenIndex } = {},
): SQL {
  const text = escapeLike(q);
  const key = escapeLike(q.toLowerCase().replace(/\s+/g, ''));
  const pinyin = opts.pinyinAnywhere ? `%${key}%` : `${key}%`;
  if (opts.tokens) return indexedNameSearch(cols, q, text, key, opts.tokens);
  return sql`(${cols.name} ilike ${`%${text}%`} or ${cols.pinyin} like ${pinyin} or ${cols.initials} like ${`${key}%`})`;
}

/**
 * A GIN index over `member_search_tokens(name, path)` (migration 0010): the name's characters and
 * pairs of characters, and '@' + each label of the path below the root. `under` is the path of
 * the org searched under, if any.
 */
export interface TokenIndex {
  expr: SQL;
  under?: string | null;
}

const HAN = /\p{Script=Han}/u;

/** Whether a query holds Chinese characters (and is searched in the names, not the pinyin). */
export const hasHan = (q: string) => HAN.test(q);

/**
 * The tokens a query needs: its pairs of characters and the org's label, or its one character
 * alone. One character (王, a surname) is common: its page is found fastest by walking the
 * subtree in tree order, and PostgreSQL picks that walk only if it estimates the matches well,
 * which the label spoils (it takes "under the city" in the label and in the path's range as two
 * independent conditions, and expects a tenth of the matches there are).
 */
export function searchTokens(q: string, under?: string | null): string[] {
  const chars = [...q.toLowerCase().replace(/\s+/g, '')];
  if (chars.length === 1) return chars;
  const tokens = new Set<string>(chars.slice(1).map((c, i) => chars[i] + c));
  const labels = under ? under.split('.') : [];
  // The root's members are all members: the root carries no label in the index.
  if (labels.length > 1) tokens.add(`@${labels[labels.length - 1]}`);
  return [...tokens];
}

/**
 * The same search in a form each of whose branches an index serves (members: 5 M rows in a
 * province). Chinese text: the token index must hold the text's pairs of characters under the
 * org (one intersection of posting lists in the index), then the name must contain the text
 * itself (pairs do not say they are adjacent in 王秀英). Pinyin and initials: by prefix (btree
 * with the pattern operator class). A query with Chinese characters is matched on the name only
 * (pinyin is Latin, so its branch could match nothing), one without them on pinyin and initials
 * only (person names are Chinese, and `ilike '%zh%'` on them could match nothing the pinyin does
 * not).
 */
function indexedNameSearch(
  cols: { name: AnyPgColumn; pinyin: AnyPgColumn; initials: AnyPgColumn },
  q: string,
  text: string,
  key: string,
  index: TokenIndex,
): SQL {
  if (!HAN.test(q)) return sql`(${cols.pinyin} like ${`${key}%`} or ${cols.initials} like ${`${key}%`})`;
  const tokens = sql.join(
    searchTokens(q, index.under).map((t) => sql`${t}`),
    sql`, `,
  );
  return sql`(${index.expr} @> array[${tokens}]::text[] and ${cols.name} ilike ${`%${text}%`})`;
}
