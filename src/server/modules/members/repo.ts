import { and, asc, desc, eq, getTableColumns, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { type AnyPgColumn, alias } from 'drizzle-orm/pg-core';
import { z } from 'zod';
import { type AgeBand, ageBandBirthRange } from '../../../domain/member/age-bands.js';
import { HAN_CODE } from '../../../domain/member/ethnicities.js';
import { LIST_COUNT_CAP } from '../../../shared/contracts/common.js';
import { type DbOrTx, queryRows } from '../../db/client.js';
import { memberEvents, members, orgs, transfers } from '../../db/schema/index.js';
import { hashOf } from '../../lib/pii.js';
import { inSubtree, type Scope } from '../../lib/scope.js';
import { hasHan, nameSearch, pairSearch } from '../../lib/search.js';

const groups = alias(orgs, 'groups');

/** Pending transfer touching the member, as `{id, direction, otherOrgName}` (null if none). */
const pendingTransfer = sql<{
  id: number;
  fromOrgId: number;
  toOrgId: number;
  fromOrgName: string;
  toOrgName: string;
} | null>`(
  select json_build_object('id', t.id, 'fromOrgId', t.from_org_id, 'toOrgId', t.to_org_id,
    'fromOrgName', fo.name, 'toOrgName', tto.name)
  from transfers t join orgs fo on fo.id = t.from_org_id join orgs tto on tto.id = t.to_org_id
  where t.member_id = ${members.id} and t.status = 'pending' limit 1)`;

/**
 * A member as lists and records read it: the masks, never the ciphertext, the lookup hashes or the
 * legacy clear columns (only the audited reveal opens a value, through `sealedOf`).
 */
const {
  idNumber: _idNumber,
  phone: _phone,
  idNumberEnc: _idNumberEnc,
  idNumberHash: _idNumberHash,
  phoneEnc: _phoneEnc,
  phoneHash: _phoneHash,
  ...shownColumns
} = getTableColumns(members);
type ShownMember = Omit<
  typeof members.$inferSelect,
  'idNumber' | 'phone' | 'idNumberEnc' | 'idNumberHash' | 'phoneEnc' | 'phoneHash'
>;

const listColumns = {
  member: shownColumns,
  orgName: orgs.name,
  groupName: groups.name,
  pendingTransfer,
};

export type MemberListRow = {
  member: ShownMember;
  orgName: string;
  groupName: string | null;
  pendingTransfer: {
    id: number;
    fromOrgId: number;
    toOrgId: number;
    fromOrgName: string;
    toOrgName: string;
  } | null;
};

export interface MemberFilter {
  /** Path of the org whose subtree to list (already checked to be visible). */
  orgPath?: string;
  q?: string;
  category?: string;
  status?: string;
  gender?: string;
  /** An ethnicity code, or `minority` (every group but Han). */
  ethnicity?: string;
  education?: string;
  /** Age band on `today` (required with it). */
  ageBand?: AgeBand;
  /** First year of a decade of joining (1990 = 1990–1999). */
  joinDecade?: number;
  /** Today in Asia/Shanghai: the day ages are taken on. */
  today?: string;
}

/**
 * The condition of an age band on a birth-date column: the same bounds the dashboard counts with
 * (`ageBandBirthRange`), so a chart's bar and the list it opens agree.
 */
export function ageBandCondition(column: AnyPgColumn | SQL, band: AgeBand, today: string): SQL {
  const r = ageBandBirthRange(band, today);
  const conds: SQL[] = [];
  if (r.bornAfter) conds.push(sql`${column} > ${r.bornAfter}::date`);
  if (r.bornOnOrBefore) conds.push(sql`${column} <= ${r.bornOnOrBefore}::date`);
  return conds.length ? sql.join(conds, sql` and `) : sql`true`;
}

/** Where the list looks (the scope and the org's subtree), and what it keeps there (the filters). */
function conditions(scope: Scope, f: MemberFilter): SQL | undefined {
  return and(placeConditions(scope, f), filterConditions(f));
}

function placeConditions(scope: Scope, f: MemberFilter): SQL | undefined {
  // An org inside one of the scope's subtrees needs no scope condition: its whole subtree is in
  // scope. (The `<@ any(roots)` condition's fixed selectivity guess made PostgreSQL sort a city's
  // 400,000 members instead of walking the index.)
  if (f.orgPath && scope.containsPath(f.orgPath)) return inSubtree(members.orgPath, f.orgPath);
  // Otherwise the scope's subtrees as ranges too (the same rows as Scope.memberCondition), or the
  // actor's own record.
  const visible: SQL[] = scope.roots.map((r) => inSubtree(members.orgPath, r));
  if (scope.selfMemberId !== null) visible.push(eq(members.id, scope.selfMemberId));
  const inScope = visible.length ? or(...visible) : sql`false`;
  return f.orgPath ? and(inScope, inSubtree(members.orgPath, f.orgPath)) : inScope;
}

/** 18 characters of an ID number (17 digits and a digit or X): never a name. */
const looksLikeIdNumber = (q: string) => /^\d{17}[\dXx]$/.test(q.trim());

/** The filters, the name search in the form the indexes serve (lib/search.ts). */
function filterConditions(f: MemberFilter): SQL | undefined {
  const conds: SQL[] = [];
  if (f.q && looksLikeIdNumber(f.q)) {
    // A whole ID number is an exact lookup through its keyed hash (the unique index answers it).
    conds.push(eq(members.idNumberHash, hashOf('idNumber', f.q)));
  } else if (f.q) {
    conds.push(
      nameSearch({ name: members.name, pinyin: members.namePinyin, initials: members.nameInitials }, f.q, {
        tokens: { expr: sql`member_search_tokens(${members.name}, ${members.orgPath})`, under: f.orgPath },
      }),
    );
  }
  if (f.category) conds.push(eq(members.category, f.category));
  // The register lists current members unless a status is asked for explicitly.
  if (f.status) conds.push(eq(members.status, f.status));
  else conds.push(sql`${members.status} not in ('left', 'deceased')`);
  if (f.gender) conds.push(eq(members.gender, f.gender));
  if (f.ethnicity === 'minority') conds.push(ne(members.ethnicity, HAN_CODE));
  else if (f.ethnicity) conds.push(eq(members.ethnicity, f.ethnicity));
  if (f.education) conds.push(eq(members.education, f.education));
  if (f.ageBand) {
    if (!f.today) throw new Error('an age band needs today');
    conds.push(ageBandCondition(members.birthDate, f.ageBand, f.today));
  }
  if (f.joinDecade !== undefined) {
    conds.push(
      sql`${members.joinedOn} >= ${`${f.joinDecade}-01-01`}::date and ${members.joinedOn} < ${`${f.joinDecade + 10}-01-01`}::date`,
    );
  }
  return and(...conds);
}

/** The list's rows (member, org, party group) that `where` keeps. */
function listRows(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(listColumns)
    .from(members)
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .leftJoin(groups, eq(groups.id, members.groupId))
    .where(where);
}

/** As `listRows`, each row with the number of rows `where` keeps (a window over all of them). */
function listRowsWithTotal(db: DbOrTx, where: SQL | undefined) {
  const windowTotal = sql<number>`count(*) over ()`.mapWith(Number);
  return db
    .select({ ...listColumns, windowTotal })
    .from(members)
    .innerJoin(orgs, eq(orgs.id, members.orgId))
    .leftJoin(groups, eq(groups.id, members.groupId))
    .where(where);
}

/** A page of the list in tree order. */
function pageQuery(db: DbOrTx, where: SQL | undefined, offset: number, pageSize: number) {
  return listRows(db, where).orderBy(asc(members.orgPath), asc(members.id)).limit(pageSize).offset(offset);
}

const countRow = z.object({ n: z.number() });

/** How many rows `where` keeps, stopping at `limit` when given. */
const exactCountSql = (where: SQL, limit?: number) =>
  limit === undefined
    ? sql`select count(*)::int as n from ${members} where ${where}`
    : sql`select count(*)::int as n from (select 1 from ${members} where ${where} limit ${limit}) x`;

/** The planner's estimate of the rows `where` keeps (a plan, not a read). */
const estimateSql = (where: SQL) => sql`explain (format json) select 1 from ${members} where ${where}`;

/**
 * `explain (format json)`'s row: node-postgres parses the json column, PGlite hands back its text.
 */
const planRow = z.object({
  'QUERY PLAN': z.union([z.string(), z.array(z.object({ Plan: z.object({ 'Plan Rows': z.number() }) }))]),
});

/** The matches of `pairSearchPage`, in tree order, at most `cap + 1`. */
const pairSearchSql = (where: SQL | undefined, cap: number) =>
  sql`select ${members.id} as id from ${members} where ${where ?? sql`true`}
      order by ${members.orgPath}, ${members.id} limit ${cap + 1}`;

/** The planner's pass of `cappedCount`: matches in tree order, at most `cap + 1`. */
const cappedCountSql = (where: SQL | undefined, cap: number) =>
  sql`select count(*)::int as n from (select 1 from ${members} where ${where}
      order by ${members.orgPath}, ${members.id} limit ${cap + 1}) x`;

/** One walk of `walkCount`: the place's next `rows` rows in tree order, and how many pass the filters. */
const walkSql = (place: SQL, filters: SQL, rows: number, after: { path: string; id: number } | null) => {
  const from = after
    ? sql` and (${members.orgPath}, ${members.id}) > (${after.path}::ltree, ${after.id})`
    : sql``;
  return sql`select count(*)::int as scanned, (count(*) filter (where x.hit))::int as matched
      from (select (${filters}) as hit from ${members} where ${place}${from}
            order by ${members.orgPath}, ${members.id} limit ${rows}) x`;
};
const walkRow = z.object({ scanned: z.number(), matched: z.number() });

/**
 * The statements a page of the list runs, as `list` builds them (a name search's matches, the
 * page, the exact count, the capped count's walk and planner pass, the estimate), for the SQL
 * snapshots (test/api/__sql__/member-list*.sql): a change to the hottest query shows in review.
 */
export function listStatements(
  db: DbOrTx,
  scope: Scope,
  f: MemberFilter,
  current: number,
  pageSize: number,
  limits: CountLimits = COUNT_LIMITS,
) {
  const where = conditions(scope, f);
  return {
    /** Chinese text of two characters or more in a large subtree: the matches the page is cut from. */
    pairSearch: f.q && pairSearch(f.q) ? pairSearchSql(where, limits.cap) : null,
    page: pageQuery(db, where, (current - 1) * pageSize, pageSize).getSQL(),
    count: exactCountSql(where ?? sql`true`),
    walk: walkSql(
      placeConditions(scope, f) ?? sql`true`,
      filterConditions(f) ?? sql`true`,
      limits.walk,
      null,
    ),
    cappedCount: cappedCountSql(where, limits.cap),
    estimate: estimateSql(where ?? sql`true`),
  };
}

/** Rows of the subtree the first counting pass walks in tree order (see `cappedCount`). */
const COUNT_WALK = 50_000;
/**
 * The most rows a second walk reads, when the first one's rate of matches says that many find a
 * cap's worth (walked at about 0.7 µs a row, 100,000 rows cost less than the planner's pass they
 * spare: a city's women named 王, a bitmap of the character's 390,000 holders, 130–180 ms).
 */
const COUNT_WALK_MORE = 100_000;

/**
 * Subtrees of at most this many members (known from the rollups) are counted exactly whatever the
 * filters: on PostgreSQL a count of a 50,000-member district with two filters took 60–190 ms and
 * of 200,000 members 260–350 ms (500,000 generated members, bench/register.ts's tree, on this
 * 2-core machine while others ran; docs/benchmarks.md). Above it the count is capped and, past
 * the cap, estimated.
 */
export const EXACT_COUNT_MAX = 200_000;

/** Up to how many members a searched list's page and total are one statement (a window count). */
const WINDOW_COUNT_MAX = 3_000;

/** How a member list's total is found (the bounds; tests pass small ones). */
export interface CountLimits {
  /** Subtrees up to this size are counted exactly. */
  exactMax: number;
  walk: number;
  cap: number;
  more: number;
}
const COUNT_LIMITS: CountLimits = {
  exactMax: EXACT_COUNT_MAX,
  walk: COUNT_WALK,
  cap: LIST_COUNT_CAP,
  more: COUNT_WALK_MORE,
};

/** A list's total: exact, or an estimate (`estimated`) where an exact count is not cheap. */
export interface ListTotal {
  total: number;
  estimated: boolean;
}

/** The rollup count of an org's subtree's members, in SQL (0 when it has none). */
const subtreeSizeSql = (orgId: number) =>
  sql`coalesce((select n from subtree_counts where org_id = ${orgId} and dim = 'm' and key = 'total'), 0)`;

/**
 * A page of the list in tree order, and its total: `knownTotal` when the caller has it (from the
 * subtree rollups), else `listTotal` with the size of the subtree it looks in (`subtreeSize`, from
 * the rollups; null when unknown). `sizeOf`: the org whose subtree `f.orgPath` is, when the caller
 * has not read its size (see below).
 */
export async function list(
  db: DbOrTx,
  scope: Scope,
  f: MemberFilter,
  current: number,
  pageSize: number,
  knownTotal: number | null = null,
  subtreeSize: number | null = null,
  limits: CountLimits = COUNT_LIMITS,
  sizeOf: number | null = null,
): Promise<{ data: MemberListRow[]; total: number; totalEstimated: boolean }> {
  const where = conditions(scope, f);
  const offset = (current - 1) * pageSize;
  if (knownTotal === null && subtreeSize === null && sizeOf !== null && f.orgPath) {
    // The size is read in the statement that needs it: the small subtree's page with its window
    // count, run only when the rollups count at most WINDOW_COUNT_MAX members (an InitPlan and a
    // one-time filter: a larger subtree's statement stops there). One round trip for a street's
    // or a branch's search where it took two (the size, then the page).
    const gated = await listRowsWithTotal(
      db,
      and(where, sql`${subtreeSizeSql(sizeOf)} <= ${Math.min(WINDOW_COUNT_MAX, limits.exactMax)}`),
    )
      .orderBy(asc(members.orgPath), asc(members.id))
      .limit(pageSize)
      .offset(offset);
    if (gated.length) {
      return {
        data: gated.map(({ windowTotal: _t, ...row }) => row) as MemberListRow[],
        total: Number(gated[0].windowTotal),
        totalEstimated: false,
      };
    }
    const [r] = await queryRows(db, sql`select ${subtreeSizeSql(sizeOf)}::float8 as n`, countRow);
    subtreeSize = r?.n ?? 0;
    // A small subtree's first page with no row: nothing matches.
    if (subtreeSize <= Math.min(WINDOW_COUNT_MAX, limits.exactMax) && offset === 0) {
      return { data: [], total: 0, totalEstimated: false };
    }
  }
  const small = subtreeSize !== null && subtreeSize <= limits.exactMax;
  if (knownTotal === null && !small && f.q && pairSearch(f.q) && offset + pageSize <= limits.cap) {
    const p = await pairSearchPage(db, where, offset, pageSize, limits.cap);
    if (p.matched <= limits.cap) return { data: p.data, total: p.matched, totalEstimated: false };
    const est = await estimatedCount(db, scope, f, limits.cap);
    return { data: p.data, total: est, totalEstimated: true };
  }
  if (knownTotal === null && small && (subtreeSize as number) <= WINDOW_COUNT_MAX) {
    // A small subtree: the page and its total in one statement (the window counts the rows before
    // the limit); a page past the end has no row to carry it, so it is counted apart. Only where
    // the subtree is a street's or a branch's: the window reads every match before the page, where
    // the page alone stops after 20 rows of the path's order.
    const rows = await listRowsWithTotal(db, where)
      .orderBy(asc(members.orgPath), asc(members.id))
      .limit(pageSize)
      .offset(offset);
    const total = rows.length ? Number(rows[0].windowTotal) : await exactCount(db, scope, f);
    return {
      data: rows.map(({ windowTotal: _t, ...row }) => row) as MemberListRow[],
      total,
      totalEstimated: false,
    };
  }
  const [data, counted] = await Promise.all([
    pageQuery(db, where, offset, pageSize),
    knownTotal === null ? listTotal(db, scope, f, subtreeSize, limits) : null,
  ]);
  return {
    data: data as MemberListRow[],
    total: counted ? counted.total : (knownTotal as number),
    totalEstimated: counted?.estimated ?? false,
  };
}

/**
 * The total of a list no rollup answers: an exact count when the subtree is small enough for it
 * to be cheap (`exactMax`), else `cappedCount` (exact up to the cap, through the indexes), and past
 * the cap an estimate, marked: an exact count of a common filter over a province's millions reads
 * them all.
 */
export async function listTotal(
  db: DbOrTx,
  scope: Scope,
  f: MemberFilter,
  subtreeSize: number | null,
  limits: CountLimits = COUNT_LIMITS,
): Promise<ListTotal> {
  if (subtreeSize !== null && subtreeSize <= limits.exactMax) {
    return { total: await exactCount(db, scope, f), estimated: false };
  }
  const capped = await cappedCount(db, scope, f, limits);
  if (capped <= limits.cap) return { total: capped, estimated: false };
  return { total: await estimatedCount(db, scope, f, limits.cap), estimated: true };
}

/**
 * How many members the filters keep, exactly; counting stops at `limit` when given (an export
 * refuses more rows than it can write, and need not count a province to say so).
 */
export async function exactCount(db: DbOrTx, scope: Scope, f: MemberFilter, limit?: number) {
  const [r] = await queryRows(db, exactCountSql(conditions(scope, f) ?? sql`true`, limit), countRow);
  return r.n;
}

/**
 * PostgreSQL's estimate of the rows the filters keep (its plan's row count: the subtree's share
 * from the path's histogram, each filter's from its column's statistics), at least `above` (the
 * count found more than that). Costs a plan, not a read.
 */
async function estimatedCount(db: DbOrTx, scope: Scope, f: MemberFilter, above: number) {
  const [r] = await queryRows(db, estimateSql(conditions(scope, f) ?? sql`true`), planRow);
  const raw = r['QUERY PLAN'];
  const plan = typeof raw === 'string' ? JSON.parse(raw) : raw;
  return Math.max(Math.round(Number(plan[0]?.Plan?.['Plan Rows']) || 0), above + 1);
}

/**
 * The list's rows after `after` in its order (tree order: path, then id), at most `limit`: an
 * export reads the list in batches from where the last one stopped, so a row added or removed
 * meanwhile moves no other row in or out of a batch (offset paging skips or repeats one).
 */
export async function listAfter(
  db: DbOrTx,
  scope: Scope,
  f: MemberFilter,
  after: { path: string; id: number } | null,
  limit: number,
) {
  const where = and(
    conditions(scope, f),
    after ? sql`(${members.orgPath}, ${members.id}) > (${after.path}::ltree, ${after.id})` : undefined,
  );
  const rows = await listRows(db, where).orderBy(asc(members.orgPath), asc(members.id)).limit(limit);
  return rows as MemberListRow[];
}

/**
 * A page and its matches up to the cap in one pass, for Chinese text of two characters or more
 * (the token index, see `cappedCount`): the matches are read once, in tree order and at most a
 * cap's worth, and the page is cut from them. Run as two queries, the page and the count each read
 * every match from the table to check the other filters: at a province's root 建国 with women only
 * reads 18,000 men twice, on the machine's two cores at once (page 61–68 ms and count 53–60 ms
 * alone, about 120 ms together). Only for a page within the cap; past it, `list` pages as usual.
 */
async function pairSearchPage(
  db: DbOrTx,
  where: SQL | undefined,
  offset: number,
  pageSize: number,
  cap: number,
) {
  const hits = await queryRows(db, pairSearchSql(where, cap), z.object({ id: z.number() }));
  const ids = hits.slice(offset, offset + pageSize).map((h) => h.id);
  const data = ids.length
    ? await listRows(db, inArray(members.id, ids)).orderBy(asc(members.orgPath), asc(members.id))
    : [];
  return { data: data as MemberListRow[], matched: hits.length };
}

/**
 * How many members the filters keep, counted exactly up to LIST_COUNT_CAP and reported as "more"
 * beyond: an exact count of a common name in a province reads hundreds of thousands of rows, and
 * past a thousand the number only tells the user to filter. Chinese text of two characters or
 * more is counted through the token index, which yields the subtree's few matches of its pairs,
 * and pinyin and initials through their prefix indexes, which hold the path.
 * Other filters in two passes, because no single plan is cheap for both kinds: first the
 * subtree's first COUNT_WALK rows in tree order (the index the page uses), which settles small
 * subtrees exactly and common filters (a cap's worth of matches found), walking on from where it
 * stopped when its rate of matches says a cap's worth lies within COUNT_WALK_MORE more rows; then,
 * only for filters too rare for that, the planner's own plan, in tree order too. Above the cap the
 * answer is only "more than the cap" (a number above it, not the total).
 */
export async function cappedCount(
  db: DbOrTx,
  scope: Scope,
  f: MemberFilter,
  limits: Pick<CountLimits, 'walk' | 'cap' | 'more'> = COUNT_LIMITS,
): Promise<number> {
  // Chinese text of two characters or more skips the walk: the token index holds the subtree's
  // few matches of its pairs, where the walk reads 50,000 rows to find them. So do pinyin and
  // initials: their prefix indexes hold the path, so the planner's pass reads the subtree's
  // matches only (bench:search on the province with its year of activity: p50 27.5 → 18.1 ms, p95
  // 81.5 → 67.4 ms), where the walk reads every member's row of the subtree's start.
  if (!(f.q && (pairSearch(f.q) || !hasHan(f.q)))) {
    const walked = await walkCount(db, scope, f, limits);
    if (walked !== null) return walked;
  }
  // In tree order, as the page: the count stops at the cap's worth of matches, and with the order
  // PostgreSQL weighs walking the subtree's index against the name indexes' bitmap and a sort.
  // Unordered it may pick a sequential scan, expecting matches spread over the table, where a
  // subtree's members lie together (a city's 1,001 matches then cost 560,000 rows: 145 ms).
  const [r] = await queryRows(db, cappedCountSql(conditions(scope, f), limits.cap), countRow);
  return r.n;
}

/**
 * The first pass of `cappedCount`: its answer, or null when the second pass must count. A walk
 * that stops with matches short of the cap goes on from its last row, if its rate of matches
 * (with a quarter more for luck) puts the rest of a cap's worth within `more` rows; it answers if
 * it then passes the cap or reaches the subtree's end.
 */
async function walkCount(
  db: DbOrTx,
  scope: Scope,
  f: MemberFilter,
  limits: { walk: number; cap: number; more: number },
): Promise<number | null> {
  const place = placeConditions(scope, f) ?? sql`true`;
  const filters = filterConditions(f) ?? sql`true`;
  const walk = async (rows: number, after: { path: string; id: number } | null) => {
    const [w] = await queryRows(db, walkSql(place, filters, rows, after), walkRow);
    return w;
  };
  const first = await walk(limits.walk, null);
  if (first.scanned < limits.walk || first.matched > limits.cap) return first.matched;
  if (first.matched === 0) return null;
  const more = Math.ceil((((limits.cap + 1 - first.matched) * first.scanned) / first.matched) * 1.25);
  if (more > limits.more) return null;
  // Where the first walk stopped: its last row, read off the index alone.
  const [last] = await queryRows(
    db,
    sql`select ${members.orgPath}::text as path, ${members.id} as id from ${members} where ${place}
        order by ${members.orgPath}, ${members.id} offset ${limits.walk - 1} limit 1`,
    z.object({ path: z.string(), id: z.number() }),
  );
  if (!last) return null;
  const next = await walk(more, last);
  const matched = first.matched + next.matched;
  return next.scanned < more || matched > limits.cap ? matched : null;
}

export async function find(db: DbOrTx, scope: Scope, id: number): Promise<MemberListRow | null> {
  const [row] = await listRows(
    db,
    and(eq(members.id, id), scope.memberCondition(members.orgPath, members.id)),
  ).limit(1);
  return (row as MemberListRow) ?? null;
}

/** The sealed ID number and phone of a member the caller was already allowed to see (the reveal). */
export async function sealedOf(db: DbOrTx, id: number) {
  const [row] = await db
    .select({ idNumberEnc: members.idNumberEnc, phoneEnc: members.phoneEnc })
    .from(members)
    .where(eq(members.id, id))
    .limit(1);
  return row ?? { idNumberEnc: null, phoneEnc: null };
}

export async function findForUpdate(db: DbOrTx, scope: Scope, id: number) {
  const [row] = await db
    .select()
    .from(members)
    .where(and(eq(members.id, id), scope.memberCondition(members.orgPath, members.id)))
    .for('update')
    .limit(1);
  return row ?? null;
}

/**
 * The member holding an ID number (anywhere: a person is on the register once), found by the keyed
 * hash, which is what the unique index holds; its org path says whether the caller may be told.
 */
export async function idNumberHolder(db: DbOrTx, idNumber: string, exceptId?: number) {
  const conds = [eq(members.idNumberHash, hashOf('idNumber', idNumber))];
  if (exceptId) conds.push(ne(members.id, exceptId));
  const [row] = await db
    .select({ id: members.id, orgPath: members.orgPath })
    .from(members)
    .where(and(...conds))
    .limit(1);
  return row ?? null;
}

export async function insert(db: DbOrTx, values: typeof members.$inferInsert) {
  const [row] = await db.insert(members).values(values).returning();
  return row;
}

export async function update(db: DbOrTx, id: number, values: Partial<typeof members.$inferInsert>) {
  const [row] = await db
    .update(members)
    .set({ ...values, updatedAt: new Date() })
    .where(eq(members.id, id))
    .returning();
  return row;
}

export async function addEvent(db: DbOrTx, e: typeof memberEvents.$inferInsert) {
  await db.insert(memberEvents).values(e);
}

export async function events(db: DbOrTx, memberId: number) {
  return db
    .select({
      id: memberEvents.id,
      kind: memberEvents.kind,
      occurredOn: memberEvents.occurredOn,
      orgId: memberEvents.orgId,
      orgName: orgs.name,
      data: memberEvents.data,
    })
    .from(memberEvents)
    .leftJoin(orgs, eq(orgs.id, memberEvents.orgId))
    .where(eq(memberEvents.memberId, memberId))
    .orderBy(desc(memberEvents.occurredOn), desc(memberEvents.id));
}

/** Whether the member sits on a current committee (a probationary member may not). */
export async function onCommittee(db: DbOrTx, memberId: number) {
  const rows = await queryRows(
    db,
    sql`select 1 as found from committee_members where member_id = ${memberId} and ended_on is null limit 1`,
    z.object({ found: z.number() }),
  );
  return rows.length > 0;
}

export async function pendingTransferOf(db: DbOrTx, memberId: number) {
  const [row] = await db
    .select({ id: transfers.id })
    .from(transfers)
    .where(and(eq(transfers.memberId, memberId), eq(transfers.status, 'pending')))
    .limit(1);
  return row ?? null;
}
