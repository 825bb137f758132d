/**
 * The hours module's queries. Sessions and beats are keyed by the member (the caller's own
 * `users.member_id`, never an id from the request); the org's reads take a Scope. It reads the
 * learning module's item and class titles and the register (members, member_events, orgs) read
 * only, for names, paths and the member's branch as of a date.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { Scope } from '../../lib/scope.js';

/** A timestamp as ISO 8601 text in UTC (raw rows carry no Date on either driver). */
const iso = (col: SQL) => sql`to_char(${col} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

const intArray = (ids: readonly number[]) =>
  sql.raw(`array[${ids.map((id) => Math.trunc(Number(id))).join(',')}]::int[]`);

// ---------------------------------------------------------------------------------------------
// The member

const memberRow = z.object({
  id: z.number(),
  name: z.string(),
  orgId: z.number(),
  orgPath: z.string(),
  orgName: z.string(),
  status: z.string(),
});
export type MemberRow = z.infer<typeof memberRow>;

export async function member(db: DbOrTx, memberId: number): Promise<MemberRow | null> {
  const [r] = await queryRows(
    db,
    sql`select m.id, m.name, m.org_id as "orgId", m.org_path::text as "orgPath", o.name as "orgName", m.status
      from members m join orgs o on o.id = m.org_id where m.id = ${memberId}`,
    memberRow,
  );
  return r ?? null;
}

/** The member in the scope (a subtree, or the actor's own record), else null (404). */
export async function memberInScope(db: DbOrTx, scope: Scope, memberId: number): Promise<MemberRow | null> {
  const [r] = await queryRows(
    db,
    sql`select m.id, m.name, m.org_id as "orgId", m.org_path::text as "orgPath", o.name as "orgName", m.status
      from members m join orgs o on o.id = m.org_id
      where m.id = ${memberId} and ${scope.memberCondition(sql`m.org_path` as never, sql`m.id` as never)}`,
    memberRow,
  );
  return r ?? null;
}

/**
 * The member's branch as of `on` (the register's history: the last event on or before the day),
 * falling back to today's branch; with the branch's path today (rollups read today's tree).
 */
const orgAsOfSql = (memberExpr: SQL, on: SQL) =>
  sql`coalesce((select e.org_id from member_events e where e.member_id = ${memberExpr}
      and e.occurred_on <= ${on} order by e.occurred_on desc, e.id desc limit 1),
    (select m2.org_id from members m2 where m2.id = ${memberExpr}))`;

const orgOnRow = z.object({ orgId: z.number(), orgPath: z.string() });
export async function orgOn(db: DbOrTx, memberId: number, on: string) {
  const [r] = await queryRows(
    db,
    sql`select o.id as "orgId", o.path::text as "orgPath" from orgs o
      where o.id = ${orgAsOfSql(sql`${memberId}::int`, sql`${on}::date`)}`,
    orgOnRow,
  );
  return r;
}

// ---------------------------------------------------------------------------------------------
// Sessions and beats

const sessionRow = z.object({
  id: z.number(),
  memberId: z.number(),
  itemId: z.number(),
  deviceHash: z.string(),
  startedAt: z.string(),
  lastBeatAt: z.string(),
  nextSeq: z.number(),
  position: z.number(),
  reached: z.number(),
  creditedSeconds: z.number(),
  status: z.string(),
});
export type SessionRow = z.infer<typeof sessionRow>;

const sessionCols = sql`s.id::int as id, s.member_id as "memberId", s.item_id as "itemId", s.device_hash as "deviceHash",
  ${iso(sql`s.started_at`)} as "startedAt", ${iso(sql`s.last_beat_at`)} as "lastBeatAt", s.next_seq as "nextSeq", s.position, s.reached,
  s.credited_seconds as "creditedSeconds", s.status`;

/** The session of the token, if it is the member's; locked for the beat's transaction. */
export async function sessionByToken(db: DbOrTx, memberId: number, tokenHash: string) {
  const [r] = await queryRows(
    db,
    sql`select ${sessionCols} from study_sessions s
      where s.token_hash = ${tokenHash} and s.member_id = ${memberId} for update`,
    sessionRow,
  );
  return r ?? null;
}

/** Ends the member's active session (superseded by `by`, or expired); answers its id. */
export async function closeActive(db: DbOrTx, memberId: number, status: 'superseded' | 'expired', at: Date) {
  const rows = await queryRows(
    db,
    sql`update study_sessions set status = ${status}, ended_at = ${at}
      where member_id = ${memberId} and status = 'active' returning id::int as id`,
    z.object({ id: z.number() }),
  );
  return rows[0]?.id ?? null;
}

export async function setSupersededBy(db: DbOrTx, id: number, by: number) {
  await db.execute(sql`update study_sessions set superseded_by = ${by} where id = ${id}`);
}

export async function insertSession(
  db: DbOrTx,
  s: {
    tokenHash: string;
    memberId: number;
    itemId: number;
    userId: number;
    deviceHash: string;
    at: Date;
    position: number;
    reached: number;
  },
) {
  const [r] = await queryRows(
    db,
    sql`insert into study_sessions as s (token_hash, member_id, item_id, user_id, device_hash, started_at, last_beat_at,
        position, reached)
      values (${s.tokenHash}, ${s.memberId}, ${s.itemId}, ${s.userId}, ${s.deviceHash}, ${s.at}, ${s.at},
        ${s.position}, ${s.reached})
      returning ${sessionCols}`,
    sessionRow,
  );
  return r;
}

export async function updateSession(
  db: DbOrTx,
  id: number,
  s: {
    lastBeatAt: Date;
    nextSeq: number;
    position: number;
    reached: number;
    addCredited: number;
    status: string;
    endedAt: Date | null;
  },
) {
  await db.execute(
    sql`update study_sessions set last_beat_at = ${s.lastBeatAt}, next_seq = ${s.nextSeq},
        position = ${s.position}, reached = ${s.reached}, credited_seconds = credited_seconds + ${s.addCredited},
        status = ${s.status}, ended_at = coalesce(ended_at, ${s.endedAt})
      where id = ${id}`,
  );
}

/** The flags of the session's last beat, or null before the first. */
export async function lastBeat(db: DbOrTx, sessionId: number) {
  const [r] = await queryRows(
    db,
    sql`select visible, playing from study_beats where session_id = ${sessionId} order by seq desc limit 1`,
    z.object({ visible: z.boolean(), playing: z.boolean() }),
  );
  return r ?? null;
}

export async function insertBeat(
  db: DbOrTx,
  b: {
    sessionId: number;
    seq: number;
    at: Date;
    position: number;
    visible: boolean;
    playing: boolean;
    creditedSeconds: number;
    verdict: string;
  },
) {
  await db.execute(
    sql`insert into study_beats (session_id, seq, at, position, visible, playing, credited_seconds, verdict)
      values (${b.sessionId}, ${b.seq}, ${b.at}, ${b.position}, ${b.visible}, ${b.playing}, ${b.creditedSeconds}, ${b.verdict})`,
  );
}

/** Where the member got to in an item (the furthest point reached in any session). */
export async function reachedOf(db: DbOrTx, memberId: number, itemId: number): Promise<number> {
  const [r] = await queryRows(
    db,
    sql`select coalesce(max(reached), 0)::int as reached from study_sessions
      where member_id = ${memberId} and item_id = ${itemId}`,
    z.object({ reached: z.number() }),
  );
  return r.reached;
}

/** Online seconds credited to the member for the item (every day) and on the day (every item). */
export async function onlineTotals(db: DbOrTx, memberId: number, itemId: number, day: string) {
  const [r] = await queryRows(
    db,
    sql`select coalesce(sum(seconds) filter (where source_id = ${itemId}), 0)::int as item,
        coalesce(sum(seconds) filter (where credited_on = ${day}::date), 0)::int as day
      from learning_credits where member_id = ${memberId} and source = 'online'`,
    z.object({ item: z.number(), day: z.number() }),
  );
  return r;
}

/** Adds online seconds to the member's row of the item and day, and to the year's progress row. */
const studiedRow = z.object({ studied: z.number() });
export async function addOnline(
  db: DbOrTx,
  c: { memberId: number; orgId: number; orgPath: string; itemId: number; day: string; seconds: number },
) {
  const year = Number(c.day.slice(0, 4));
  await db.execute(
    sql`insert into learning_credits (member_id, org_id, org_path, year, credited_on, source, source_id, seconds)
      values (${c.memberId}, ${c.orgId}, ${c.orgPath}::ltree, ${year}, ${c.day}::date, 'online', ${c.itemId}, ${c.seconds})
      on conflict (member_id, source, source_id, credited_on)
      do update set seconds = learning_credits.seconds + excluded.seconds, updated_at = now()`,
  );
  const [row] = await queryRows(
    db,
    sql`insert into learning_progress (member_id, year, org_id, org_path, online_seconds, total_seconds)
      values (${c.memberId}, ${year}, ${c.orgId}, ${c.orgPath}::ltree, ${c.seconds}, ${c.seconds})
      on conflict (member_id, year) do update set
        online_seconds = learning_progress.online_seconds + excluded.online_seconds,
        total_seconds = learning_progress.total_seconds + excluded.total_seconds, updated_at = now()
      returning online_seconds + external_seconds as "studied"`,
    studiedRow,
  );
  // The year's online and external seconds after this credit (what study points are counted on).
  return row.studied;
}

const itemProgressRow = z.object({
  itemId: z.number(),
  seconds: z.number(),
  reached: z.number(),
  lastStudiedAt: z.string().nullable(),
});
export async function itemProgress(db: DbOrTx, memberId: number) {
  return queryRows(
    db,
    sql`select s.item_id as "itemId",
        coalesce((select sum(c.seconds) from learning_credits c where c.member_id = ${memberId}
          and c.source = 'online' and c.source_id = s.item_id), 0)::int as seconds,
        max(s.reached)::int as reached, ${iso(sql`max(s.last_beat_at)`)} as "lastStudiedAt"
      from study_sessions s where s.member_id = ${memberId} group by s.item_id order by s.item_id`,
    itemProgressRow,
  );
}

// ---------------------------------------------------------------------------------------------
// Derived credits: classes and external study

const creditKeyRow = z.object({
  id: z.number(),
  memberId: z.number(),
  source: z.string(),
  sourceId: z.number(),
  creditedOn: z.string(),
  seconds: z.number(),
});
export type CreditKey = z.infer<typeof creditKeyRow>;

export async function derivedCredits(db: DbOrTx, memberIds: readonly number[]) {
  return queryRows(
    db,
    sql`select id::int as id, member_id as "memberId", source, source_id as "sourceId", credited_on::text as "creditedOn", seconds
      from learning_credits where member_id = any(${intArray(memberIds)}) and source in ('class', 'external')`,
    creditKeyRow,
  );
}

export const approvedExternalRow = z.object({
  id: z.number(),
  memberId: z.number(),
  studiedOn: z.string(),
  seconds: z.number(),
});
export async function approvedExternal(db: DbOrTx, memberIds: readonly number[]) {
  return queryRows(
    db,
    sql`select id, member_id as "memberId", studied_on::text as "studiedOn", seconds from external_study
      where member_id = any(${intArray(memberIds)}) and status = 'approved'`,
    approvedExternalRow,
  );
}

export async function deleteCredits(db: DbOrTx, ids: readonly number[]) {
  if (!ids.length) return;
  await db.execute(
    sql`delete from learning_credits where id = any(${sql.raw(`array[${ids.join(',')}]::bigint[]`)})`,
  );
}

export async function updateCreditSeconds(db: DbOrTx, id: number, seconds: number) {
  await db.execute(
    sql`update learning_credits set seconds = ${seconds}, updated_at = now() where id = ${id}`,
  );
}

/** Inserts derived credits; each row's org is the member's branch as of its day. */
export async function insertCredits(
  db: DbOrTx,
  rows: { memberId: number; source: string; sourceId: number; creditedOn: string; seconds: number }[],
) {
  // Five parameters a row: chunks keep a statement under PostgreSQL's 65,535 parameters whatever
  // a recomputation finds (a large touch re-derives thousands of members at once).
  for (let i = 0; i < rows.length; i += CREDIT_ROWS_PER_STATEMENT) {
    await insertCreditChunk(db, rows.slice(i, i + CREDIT_ROWS_PER_STATEMENT));
  }
}

const CREDIT_ROWS_PER_STATEMENT = 5000;

async function insertCreditChunk(
  db: DbOrTx,
  rows: { memberId: number; source: string; sourceId: number; creditedOn: string; seconds: number }[],
) {
  const values = sql.join(
    rows.map(
      (r) =>
        sql`(${r.memberId}::int, ${r.source}::text, ${r.sourceId}::int, ${r.creditedOn}::date, ${r.seconds}::int)`,
    ),
    sql`, `,
  );
  await db.execute(
    sql`insert into learning_credits (member_id, org_id, org_path, year, credited_on, source, source_id, seconds)
      select v.m, o.id, o.path, extract(year from v.d)::int, v.d, v.s, v.sid, v.secs
      from (values ${values}) as v(m, s, sid, d, secs)
      join orgs o on o.id = ${orgAsOfSql(sql`v.m`, sql`v.d`)}
      on conflict (member_id, source, source_id, credited_on) do update set seconds = excluded.seconds, updated_at = now()`,
  );
}

/**
 * Rewrites the members' yearly progress rows from the ledger (every year they have credits in):
 * sums by source, the completed classes organised above the member's branch, the member's branch
 * today. Rows of years left without credits are deleted.
 */
export async function refreshProgress(db: DbOrTx, memberIds: readonly number[]) {
  if (!memberIds.length) return;
  const ids = intArray(memberIds);
  await db.execute(
    sql`delete from learning_progress p where p.member_id = any(${ids})
      and not exists (select 1 from learning_credits c where c.member_id = p.member_id and c.year = p.year)`,
  );
  await db.execute(
    sql`insert into learning_progress (member_id, year, org_id, org_path, online_seconds, class_seconds,
        external_seconds, total_seconds, higher_classes)
      select c.member_id, c.year, m.org_id, m.org_path,
        coalesce(sum(c.seconds) filter (where c.source = 'online'), 0),
        coalesce(sum(c.seconds) filter (where c.source = 'class'), 0),
        coalesce(sum(c.seconds) filter (where c.source = 'external'), 0),
        sum(c.seconds),
        count(*) filter (where c.source = 'class' and exists (select 1 from learning_classes lc
          where lc.id = c.source_id and lc.org_path @> m.org_path and lc.org_path <> m.org_path))
      from learning_credits c join members m on m.id = c.member_id
      where c.member_id = any(${ids})
      group by c.member_id, c.year, m.org_id, m.org_path
      on conflict (member_id, year) do update set org_id = excluded.org_id, org_path = excluded.org_path,
        online_seconds = excluded.online_seconds, class_seconds = excluded.class_seconds,
        external_seconds = excluded.external_seconds, total_seconds = excluded.total_seconds,
        higher_classes = excluded.higher_classes, updated_at = now()`,
  );
}

/** The members whose branch is one of the orgs (today's register). */
export async function membersOf(db: DbOrTx, orgIds: readonly number[]) {
  if (!orgIds.length) return [];
  const rows = await queryRows(
    db,
    sql`select id from members where org_id = any(${intArray(orgIds)})`,
    z.object({ id: z.number() }),
  );
  return rows.map((r) => r.id);
}

// ---------------------------------------------------------------------------------------------
// The ledger

const creditRow = z.object({
  id: z.number(),
  source: z.enum(['online', 'class', 'external']),
  sourceId: z.number(),
  title: z.string(),
  creditedOn: z.string(),
  seconds: z.number(),
  orgName: z.string(),
});

export async function ledger(db: DbOrTx, memberId: number, year: number) {
  return queryRows(
    db,
    sql`select c.id::int as id, c.source, c.source_id as "sourceId",
        coalesce(case c.source when 'online' then (select i.title from learning_items i where i.id = c.source_id)
          when 'class' then (select lc.title from learning_classes lc where lc.id = c.source_id)
          else (select e.title from external_study e where e.id = c.source_id) end, '') as title,
        c.credited_on::text as "creditedOn", c.seconds, coalesce(o.name, '') as "orgName"
      from learning_credits c left join orgs o on o.id = c.org_id
      where c.member_id = ${memberId} and c.year = ${year}
      order by c.credited_on desc, c.id desc`,
    creditRow,
  );
}

const traceRow = z.object({
  id: z.number(),
  startedAt: z.string(),
  lastBeatAt: z.string(),
  status: z.string(),
  deviceHash: z.string(),
  creditedSeconds: z.number(),
  supersededBy: z.number().nullable(),
});
const traceBeatRow = z.object({
  sessionId: z.number(),
  seq: z.number(),
  at: z.string(),
  position: z.number(),
  visible: z.boolean(),
  playing: z.boolean(),
  creditedSeconds: z.number(),
  verdict: z.string(),
});

/** The member's sessions of the item with a beat on the day (Asia/Shanghai), and those beats. */
export async function trace(db: DbOrTx, memberId: number, itemId: number, day: string) {
  const sessions = await queryRows(
    db,
    sql`select s.id::int as id, ${iso(sql`s.started_at`)} as "startedAt", ${iso(sql`s.last_beat_at`)} as "lastBeatAt", s.status,
        s.device_hash as "deviceHash", s.credited_seconds as "creditedSeconds", s.superseded_by::int as "supersededBy"
      from study_sessions s
      where s.member_id = ${memberId} and s.item_id = ${itemId}
        and ((s.started_at at time zone 'Asia/Shanghai')::date = ${day}::date
          or exists (select 1 from study_beats b where b.session_id = s.id
            and (b.at at time zone 'Asia/Shanghai')::date = ${day}::date))
      order by s.started_at, s.id limit 50`,
    traceRow,
  );
  if (!sessions.length) return { sessions, beats: [] };
  const beats = await queryRows(
    db,
    sql`select b.session_id::int as "sessionId", b.seq, ${iso(sql`b.at`)} as at, b.position, b.visible, b.playing,
        b.credited_seconds as "creditedSeconds", b.verdict
      from study_beats b where b.session_id = any(${sql.raw(`array[${sessions.map((s) => s.id).join(',')}]::bigint[]`)})
        and (b.at at time zone 'Asia/Shanghai')::date = ${day}::date
      order by b.session_id, b.seq limit 5000`,
    traceBeatRow,
  );
  return { sessions, beats };
}

export async function itemTitle(db: DbOrTx, itemId: number) {
  const [r] = await queryRows(
    db,
    sql`select title from learning_items where id = ${itemId}`,
    z.object({ title: z.string() }),
  );
  return r?.title ?? null;
}

// ---------------------------------------------------------------------------------------------
// External study

const externalRow = z.object({
  id: z.number(),
  memberId: z.number(),
  memberName: z.string(),
  orgId: z.number(),
  orgPath: z.string(),
  orgName: z.string(),
  source: z.enum(['xuexi', 'school', 'other']),
  title: z.string(),
  studiedOn: z.string(),
  seconds: z.number(),
  evidenceFileName: z.string().nullable(),
  evidenceMimeType: z.string().nullable(),
  evidenceSize: z.number().nullable(),
  evidenceStorageKey: z.string().nullable(),
  status: z.enum(['pending', 'approved', 'rejected']),
  submittedById: z.number().nullable(),
  submittedBy: z.string().nullable(),
  submitterMemberId: z.number().nullable(),
  submittedAt: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionNote: z.string().nullable(),
  importId: z.number().nullable(),
});
export type ExternalRow = z.infer<typeof externalRow>;

const externalSelect = sql`select e.id, e.member_id as "memberId", m.name as "memberName", e.org_id as "orgId",
    e.org_path::text as "orgPath", o.name as "orgName", e.source, e.title, e.studied_on::text as "studiedOn",
    e.seconds, e.evidence_file_name as "evidenceFileName", e.evidence_mime_type as "evidenceMimeType",
    e.evidence_size as "evidenceSize", e.evidence_storage_key as "evidenceStorageKey", e.status,
    e.submitted_by as "submittedById", su.display_name as "submittedBy", su.member_id as "submitterMemberId",
    ${iso(sql`e.submitted_at`)} as "submittedAt", du.display_name as "decidedBy", ${iso(sql`e.decided_at`)} as "decidedAt",
    e.decision_note as "decisionNote", e.import_id as "importId"
  from external_study e
  join members m on m.id = e.member_id
  join orgs o on o.id = e.org_id
  left join users su on su.id = e.submitted_by
  left join users du on du.id = e.decided_by`;

export async function external(db: DbOrTx, id: number, lock = false) {
  const [r] = await queryRows(
    db,
    sql`${externalSelect} where e.id = ${id} ${lock ? sql`for update of e` : sql``}`,
    externalRow,
  );
  return r ?? null;
}

export async function externalOfMember(db: DbOrTx, memberId: number) {
  return queryRows(
    db,
    sql`${externalSelect} where e.member_id = ${memberId} order by e.studied_on desc, e.id desc limit 200`,
    externalRow,
  );
}

export async function externalPage(
  db: DbOrTx,
  scope: Scope,
  f: { orgPath?: string; status?: string; memberId?: number; limit: number; offset: number },
) {
  const where = sql.join(
    [
      scope.pathCondition(sql`e.org_path` as never),
      f.orgPath ? sql`e.org_path <@ ${f.orgPath}::ltree` : sql`true`,
      f.status ? sql`e.status = ${f.status}` : sql`true`,
      f.memberId ? sql`e.member_id = ${f.memberId}` : sql`true`,
    ],
    sql` and `,
  );
  const rows = await queryRows(
    db,
    sql`${externalSelect} where ${where}
      order by (e.status = 'pending') desc, e.submitted_at desc, e.id desc limit ${f.limit} offset ${f.offset}`,
    externalRow,
  );
  const [{ total }] = await queryRows(
    db,
    sql`select count(*)::int as total from external_study e where ${where}`,
    z.object({ total: z.number() }),
  );
  return { rows, total };
}

export async function insertExternal(
  db: DbOrTx,
  e: {
    memberId: number;
    orgId: number;
    orgPath: string;
    source: string;
    title: string;
    studiedOn: string;
    seconds: number;
    submittedBy: number;
    importId?: number | null;
    evidence?: { fileName: string; mimeType: string; size: number; storageKey: string } | null;
  },
) {
  const [r] = await queryRows(
    db,
    sql`insert into external_study (member_id, org_id, org_path, source, title, studied_on, seconds, submitted_by,
        import_id, evidence_file_name, evidence_mime_type, evidence_size, evidence_storage_key)
      values (${e.memberId}, ${e.orgId}, ${e.orgPath}::ltree, ${e.source}, ${e.title}, ${e.studiedOn}::date, ${e.seconds},
        ${e.submittedBy}, ${e.importId ?? null}, ${e.evidence?.fileName ?? null}, ${e.evidence?.mimeType ?? null},
        ${e.evidence?.size ?? null}, ${e.evidence?.storageKey ?? null})
      returning id`,
    z.object({ id: z.number() }),
  );
  return r.id;
}

export async function setEvidence(
  db: DbOrTx,
  id: number,
  ev: { fileName: string; mimeType: string; size: number; storageKey: string },
) {
  await db.execute(
    sql`update external_study set evidence_file_name = ${ev.fileName}, evidence_mime_type = ${ev.mimeType},
        evidence_size = ${ev.size}, evidence_storage_key = ${ev.storageKey} where id = ${id}`,
  );
}

export async function decideExternal(
  db: DbOrTx,
  id: number,
  d: { status: 'approved' | 'rejected'; by: number; at: Date; note: string | null },
) {
  await db.execute(
    sql`update external_study set status = ${d.status}, decided_by = ${d.by}, decided_at = ${d.at},
        decision_note = ${d.note} where id = ${id}`,
  );
}

export async function deleteExternal(db: DbOrTx, id: number) {
  await db.execute(sql`delete from learning_credits where source = 'external' and source_id = ${id}`);
  await db.execute(sql`delete from external_study where id = ${id}`);
}

/** How many other records share the storage key (an imported workbook is the evidence of many rows). */
export async function evidenceUsers(db: DbOrTx, storageKey: string) {
  const [r] = await queryRows(
    db,
    sql`select count(*)::int as n from external_study where evidence_storage_key = ${storageKey}`,
    z.object({ n: z.number() }),
  );
  return r.n;
}

export async function orgPathOf(db: DbOrTx, orgId: number) {
  const [r] = await queryRows(
    db,
    sql`select path::text as path from orgs where id = ${orgId}`,
    z.object({ path: z.string() }),
  );
  return r?.path ?? null;
}
