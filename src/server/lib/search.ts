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
 * The GIN index over `member_search_tokens(name, path)` (migration 0010): the name's pairs of
 * characters and '@' + each label of the path below the root. `under` is the path of the org
 * searched under, if any.
 */
export interface TokenIndex {
  expr: SQL;
  under?: string | null;
}

const HAN = /\p{Script=Han}/u;

/** Whether a query holds Chinese characters (and is searched in the names, not the pinyin). */
export const hasHan = (q: string) => HAN.test(q);

/** The query's characters as the index compares them: lower case, without spaces. */
const charsOf = (q: string) => [...q.toLowerCase().replace(/\s+/g, '')];

/** Whether the token index serves the query: Chinese text of two characters or more. */
export const pairSearch = (q: string) => hasHan(q) && charsOf(q).length > 1;

/** The tokens a query of two characters or more needs: its pairs of characters, and the org's label. */
export function searchTokens(q: string, under?: string | null): string[] {
  const chars = charsOf(q);
  const tokens = new Set<string>(chars.slice(1).map((c, i) => chars[i] + c));
  const labels = under ? under.split('.') : [];
  // The root's members are all members: the root carries no label in the index.
  if (labels.length > 1) tokens.add(`@${labels[labels.length - 1]}`);
  return [...tokens];
}

/**
 * The same search in a form each of whose branches an index serves (members: 5 M rows in a
 * province), so PostgreSQL can read a few index entries instead of the subtree:
 * - Chinese text of two characters or more: the token index must hold its pairs of characters
 *   under the org (one intersection of posting lists in the index), then the name must contain
 *   the text itself (pairs do not say they are adjacent in 王秀英);
 * - one Chinese character: the GIN index over the name's characters (`string_to_array(name,
 *   null)`);
 * - anything else: pinyin and initials by prefix (btree with the pattern operator class).
 * Chinese text is matched in the name only (pinyin is Latin, so its branch could match nothing),
 * anything else on pinyin and initials only (person names are Chinese, and `ilike '%zh%'` on them
 * could match nothing the pinyin does not).
 */
function indexedNameSearch(
  cols: { name: AnyPgColumn; pinyin: AnyPgColumn; initials: AnyPgColumn },
  q: string,
  text: string,
  key: string,
  index: TokenIndex,
): SQL {
  if (!hasHan(q)) return sql`(${cols.pinyin} like ${`${key}%`} or ${cols.initials} like ${`${key}%`})`;
  const list = (xs: string[]) =>
    sql.join(
      xs.map((t) => sql`${t}`),
      sql`, `,
    );
  const chars = charsOf(q);
  // One character: the index's answer is exact, and no recheck is added, on purpose: PostgreSQL
  // takes a recheck as a second, independent condition and would expect a tenth of the matches
  // there are, then sort them all instead of walking the subtree in tree order (王 in a city: 390
  // ms, not 30). Pairs are rare, and the recheck (needed from three characters: pairs do not say
  // they are adjacent) keeps PostgreSQL on the index for them (without it, it guessed 建国
  // common and walked the province for it: 3.6 s).
  const contains = chars.length > 1 ? sql` and ${cols.name} ilike ${`%${text}%`}` : sql``;
  if (pairSearch(q))
    return sql`(${index.expr} @> array[${list(searchTokens(q, index.under))}]::text[]${contains})`;
  return sql`(string_to_array(${cols.name}, null) @> array[${list(chars)}]::text[]${contains})`;
}
