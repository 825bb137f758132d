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
 * A GIN index over `member_search_tokens(name, pinyin, initials, path)` (migration 0010): the
 * name's characters and pairs of characters, 'k:' + the prefixes of the pinyin and initials, and
 * '@' + each label of the path below the root. `under` is the path of the org searched under, if
 * any; `label` says when the query asks the index for the org's label (see `searchTokens`).
 */
export interface TokenIndex {
  expr: SQL;
  under?: string | null;
  label?: LabelUse;
}

/**
 * When a query asks the token index for the org's label: `always` (counting: the index then
 * yields only the subtree's matches), or only for `pairs` of Chinese characters (a page: a pair is
 * rare, so the index's few matches are read and sorted; a character or a pinyin prefix is
 * common, and its page is found fastest by walking the subtree in tree order, which PostgreSQL
 * picks only if it estimates the matches well, and the label spoils that: it takes "under the
 * city" in the label and in the path's range as independent conditions, and expects a tenth of
 * the matches there are).
 */
export type LabelUse = 'always' | 'pairs';

const HAN = /\p{Script=Han}/u;

/** Whether a query holds Chinese characters (and is searched in the names, not the pinyin). */
export const hasHan = (q: string) => HAN.test(q);

/** Pinyin and initials prefixes are indexed up to this many letters (longer ones are rechecked). */
const PREFIX_MAX = 12;

/**
 * The tokens a query needs from the index: the pairs of its Chinese characters (or its one
 * character), or 'k:' + its pinyin or initials prefix; and the org's label as `label` says.
 */
export function searchTokens(q: string, under?: string | null, label: LabelUse = 'pairs'): string[] {
  const key = q.toLowerCase().replace(/\s+/g, '');
  const chars = [...key];
  const han = hasHan(key);
  const tokens = new Set<string>(
    !han
      ? [`k:${chars.slice(0, PREFIX_MAX).join('')}`]
      : chars.length === 1
        ? chars
        : chars.slice(1).map((c, i) => chars[i] + c),
  );
  const labels = under ? under.split('.') : [];
  // The root's members are all members: the root carries no label in the index.
  if (labels.length > 1 && (label === 'always' || (han && chars.length > 1)))
    tokens.add(`@${labels[labels.length - 1]}`);
  return [...tokens];
}

/**
 * The same search through the token index (members: 5 M rows in a province): the index must hold
 * the query's tokens, then the row must match the text itself (pairs do not say they are
 * adjacent in 王秀英, and prefixes are indexed up to PREFIX_MAX letters). Chinese text is matched
 * in the name only (pinyin is Latin, so its branch could match nothing); anything else on pinyin
 * and initials by prefix only (person names are Chinese, and `ilike '%zh%'` on them could match
 * nothing the pinyin does not).
 */
function indexedNameSearch(
  cols: { name: AnyPgColumn; pinyin: AnyPgColumn; initials: AnyPgColumn },
  q: string,
  text: string,
  key: string,
  index: TokenIndex,
): SQL {
  if (!key) return sql`true`;
  const tokens = sql.join(
    searchTokens(q, index.under, index.label).map((t) => sql`${t}`),
    sql`, `,
  );
  const match = hasHan(q)
    ? sql`${cols.name} ilike ${`%${text}%`}`
    : sql`(${cols.pinyin} like ${`${key}%`} or ${cols.initials} like ${`${key}%`})`;
  return sql`(${index.expr} @> array[${tokens}]::text[] and ${match})`;
}
