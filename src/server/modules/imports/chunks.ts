/**
 * The commit of a validated import in bounded chunks (issue #18): each chunk of rows is its own
 * short transaction, and the loop yields to the event loop (setImmediate) between two chunks. On
 * PGlite (one connection) a single long transaction blocked every other request for as long as the
 * import took (30,000 rows: about a minute); now the other requests' queries run between chunks.
 *
 * All-or-nothing is kept for the import as a whole, not per transaction:
 * - the import is `committing` while its chunks land, and every row a chunk writes carries its
 *   `import_id` (members, orgs) or belongs to such a row (member_events, org_versions);
 * - a failure of any chunk deletes everything carrying that import_id (in chunks too) and puts
 *   the import back to `validated` with the reason;
 * - a server stopped mid-commit leaves the import `committing`: the module's start-up
 *   (`recoverInterrupted`, run from its setup hook before the server answers) deletes what it had
 *   written the same way.
 *
 * Readers during the commit: rows already landed are visible in lists as they land (accepted,
 * documented in docs/security.md): they are complete, valid register entries; if the commit fails
 * they disappear again, and the import's page says that nothing was imported.
 *
 * One instant `at` (chosen when the commit starts) is written as the rows' created/updated/recorded
 * time and as the import's committed_at: the rollback's "changed after the import" checks compare
 * with it, so chunks landing later than `at` do not look like later edits.
 */
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { OrgKind } from '../../../domain/org/labels.js';
import { type Db, type DbOrTx, queryRows } from '../../db/client.js';
import type { ImportRow } from '../../db/schema/imports.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import { defaultApprovesDevelopment, orgRepo } from '../orgs/index.js';
import { MEMBER_ROW_COLUMNS } from './staging.js';

/** Rows per chunk: a chunk's transaction stays in the tens of milliseconds on PGlite. */
export const COMMIT_CHUNK = 500;

/** Gives the event loop (other requests, their queries) a turn between two chunks. */
export const yieldToOthers = () => new Promise<void>((resolve) => setImmediate(resolve));

const changed = (message: string) => new AppError('IMPORTS_REGISTER_CHANGED', message);
const rowNoRow = z.object({ rowNo: z.number() });

/** The row numbers of the import's staging rows cut into chunks: [after, upto] pairs. */
async function chunkBounds(db: DbOrTx, importId: number, size: number) {
  const rows = await queryRows(
    db,
    sql`select row_no as "rowNo" from (
          select row_no, row_number() over (order by row_no) as n from import_rows where import_id = ${importId}
        ) s where n % ${size} = 0 or n = (select count(*) from import_rows where import_id = ${importId})
        order by row_no`,
    rowNoRow,
  );
  const bounds: Array<[after: number, upto: number]> = [];
  let after = 0;
  for (const r of rows) {
    if (r.rowNo > after) bounds.push([after, r.rowNo]);
    after = r.rowNo;
  }
  return bounds;
}

/**
 * Writes the members of one chunk of staging rows and their register history (`registered` at
 * the join date as probationary; full members also `status_changed` to full at the confirmation
 * date), in one statement: no row travels back through Node.
 */
async function memberChunk(
  db: Db,
  imp: ImportRow,
  ctx: RequestContext,
  at: Date,
  after: number,
  upto: number,
) {
  const cols = MEMBER_ROW_COLUMNS;
  const names = sql.raw(cols.map((c) => c.column).join(', '));
  const values = sql.join(
    cols.map((c) => sql.raw(c.expr)),
    sql`, `,
  );
  const stamp = sql`${at.toISOString()}::timestamptz`;
  await db.transaction(async (tx) => {
    await tx.execute(sql`
      with r as (select row_no, data as d from import_rows
                 where import_id = ${imp.id} and row_no > ${after} and row_no <= ${upto}),
      m as (
        insert into members (org_id, org_path, ${names}, status, import_id, created_at, updated_at)
        select o.id, o.path, ${values}, 'active', ${imp.id}, ${stamp}, ${stamp}
        from r join orgs o on o.id = (r.d->>'orgId')::int
        order by r.row_no
        returning id, joined_on, confirmed_on, category, org_id)
      insert into member_events (member_id, kind, occurred_on, org_id, data, recorded_at, recorded_by)
      select id, 'registered', joined_on, org_id,
        jsonb_build_object('status', 'active', 'category', 'probationary'), ${stamp}, ${ctx.actor.userId}::int
      from m
      union all
      select id, 'status_changed', confirmed_on, org_id,
        jsonb_build_object('status', 'active', 'category', 'full'), ${stamp}, ${ctx.actor.userId}::int
      from m where category = 'full' and confirmed_on is not null`);
  });
}

type CreatedOrg = { id: number; path: string; depth: number; kind: string; sector: string };

/** Writes the orgs of one chunk in file order through the orgs module (a path needs its parent's id). */
async function orgChunk(
  db: Db,
  imp: ImportRow,
  ctx: RequestContext,
  at: Date,
  after: number,
  upto: number,
  created: Map<number, CreatedOrg>,
) {
  const writeScope = ctx.actor.scope('org.write');
  // Kept aside until the chunk commits: a failed chunk's orgs are not parents of anything.
  const landed = new Map<number, CreatedOrg>();
  await db.transaction(async (tx) => {
    const rows = await queryRows(
      tx,
      sql`select row_no as "rowNo", data from import_rows
          where import_id = ${imp.id} and row_no > ${after} and row_no <= ${upto} order by row_no`,
      z.object({ rowNo: z.number(), data: z.record(z.string(), z.unknown()) }),
    );
    for (const { rowNo, data } of rows) {
      const d = data as {
        name: string;
        namePinyin: string;
        nameInitials: string;
        parentId: number | null;
        parentRow: number | null;
        kind: OrgKind;
        sector: string;
        shortName: string | null;
        divisionCode: string | null;
        foundedOn: string;
      };
      let parent: CreatedOrg | null = null;
      if (d.parentId !== null) {
        const p = await orgRepo.findOrgForUpdate(tx, writeScope, d.parentId);
        if (p && p.status === 'active' && (p.path === imp.orgPath || p.path.startsWith(`${imp.orgPath}.`))) {
          parent = p;
        }
      } else if (d.parentRow !== null) parent = landed.get(d.parentRow) ?? created.get(d.parentRow) ?? null;
      if (!parent) throw changed(`第${rowNo}行的上级党组织已撤销或已调整，请重新上传检查`);
      const [dup] = await queryRows(
        tx,
        sql`select id from orgs where parent_id = ${parent.id} and name = ${d.name} and status = 'active'
            and (import_id is null or import_id <> ${imp.id}) limit 1`,
        z.object({ id: z.number() }),
      );
      if (dup) {
        throw changed(
          `第${rowNo}行：上级党组织下在检查之后已有名为“${d.name}”的党组织，本次导入未写入任何数据`,
        );
      }
      const org = await orgRepo.insertOrg(tx, {
        parentId: parent.id,
        parentPath: parent.path,
        depth: parent.depth + 1,
        name: d.name,
        shortName: d.shortName,
        namePinyin: d.namePinyin,
        nameInitials: d.nameInitials,
        kind: d.kind,
        sector: d.sector,
        divisionCode: d.divisionCode,
        foundedOn: d.foundedOn,
        coveredUnits: [],
        approvesDevelopment: defaultApprovesDevelopment(d, parent),
        importId: imp.id,
      });
      await tx.execute(
        sql`update orgs set created_at = ${at.toISOString()}::timestamptz, updated_at = ${at.toISOString()}::timestamptz where id = ${org.id}`,
      );
      await orgRepo.recordVersion(tx, org, d.foundedOn, 'created', null, ctx.actor.userId);
      landed.set(rowNo, org);
    }
  });
  for (const [rowNo, org] of landed) created.set(rowNo, org);
}

export interface ChunkedCommit {
  /** Rows written (members or orgs). */
  count: number;
  /** The orgs whose derived data the final step brings up to date. */
  touched: number[];
}

/**
 * Writes every staging row of the import, chunk by chunk, yielding between chunks. Throws on the
 * first failing chunk; the caller then undoes the import (`undoImport`).
 */
export async function writeInChunks(
  db: Db,
  imp: ImportRow,
  ctx: RequestContext,
  at: Date,
  size = COMMIT_CHUNK,
): Promise<ChunkedCommit> {
  const created = new Map<number, CreatedOrg>();
  for (const [after, upto] of await chunkBounds(db, imp.id, size)) {
    await yieldToOthers();
    if (imp.kind === 'members') await memberChunk(db, imp, ctx, at, after, upto);
    else await orgChunk(db, imp, ctx, at, after, upto, created);
  }
  await yieldToOthers();
  if (imp.kind === 'members') {
    const orgs = await queryRows(
      db,
      sql`select org_id as "orgId", count(*)::int as n from members where import_id = ${imp.id} group by org_id`,
      z.object({ orgId: z.number(), n: z.number() }),
    );
    return { count: orgs.reduce((s, o) => s + o.n, 0), touched: orgs.map((o) => o.orgId) };
  }
  const orgs = [...created.values()];
  const parents = await queryRows(
    db,
    sql`select distinct parent_id as "parentId" from orgs where import_id = ${imp.id}`,
    z.object({ parentId: z.number() }),
  );
  return { count: orgs.length, touched: [...orgs.map((o) => o.id), ...parents.map((p) => p.parentId)] };
}

/**
 * Deletes everything an unfinished commit wrote (the rows carrying its import_id and their
 * history), chunk by chunk with yields, so that undoing a large import does not freeze the server
 * either. Nothing else can depend on these rows yet: the import was never `committed`.
 */
export async function undoImport(db: Db, importId: number, kind: string, size = COMMIT_CHUNK * 4) {
  const table = kind === 'members' ? 'members' : 'orgs';
  for (;;) {
    await yieldToOthers();
    const deleted = await db.transaction(async (tx) => {
      const ids = sql`(select id from ${sql.raw(table)} where import_id = ${importId} order by id desc limit ${size})`;
      if (kind === 'members') {
        await tx.execute(sql`delete from member_events where member_id in ${ids}`);
        // A listener may have started a ledger for them; none exists before the final step, but a
        // crash recovery must not trip over one.
        await tx.execute(sql`delete from dues_ledger where member_id in ${ids}`);
      } else {
        await tx.execute(sql`delete from org_versions where org_id in ${ids}`);
        await tx.execute(sql`delete from orglife_compliance where org_id in ${ids}`);
        await tx.execute(sql`delete from notifications where org_id in ${ids}`);
      }
      // Orgs: the newest first, so that a child goes before (or with) its parent.
      const rows = await queryRows(
        tx,
        sql`delete from ${sql.raw(table)} where id in ${ids} returning id`,
        z.object({ id: z.number() }),
      );
      return rows.length;
    });
    if (deleted === 0) return;
  }
}
