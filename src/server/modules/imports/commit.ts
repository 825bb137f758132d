/**
 * The checks around a commit (the register may have changed since the file was checked) and the
 * rollback of a committed import. The commit itself writes in chunks (./chunks.ts).
 *
 * A rollback deletes what the import created while nothing depends on it; otherwise it names what
 * depends, and deletes nothing. It runs in a unit of work (src/server/lib/unit-of-work.ts): it
 * touches the orgs whose members or orgs changed, and the listeners (compliance) bring them up to
 * date once, before the commit.
 */
import { type SQL, sql } from 'drizzle-orm';
import { z } from 'zod';
import { type DbOrTx, queryRows } from '../../db/client.js';
import type { ImportRow } from '../../db/schema/imports.js';
import { writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError } from '../../lib/errors.js';
import type { WorkTx } from '../../lib/unit-of-work.js';

/** The register changed since the check: the commit writes nothing. */
const changed = (message: string) => new AppError('IMPORTS_REGISTER_CHANGED', message);

const rowNoRow = z.object({ rowNo: z.number() });
const idRow = z.object({ id: z.number() });
const countRow = z.object({ n: z.number() });

/** Lists up to five row numbers: 第3、7、12行. */
const rowList = (rows: number[]) =>
  `第${rows.slice(0, 5).join('、')}${rows.length > 5 ? `等${rows.length}` : ''}行`;

/** The conflicts that may have arisen since the check: an org gone or moved, a person registered. */
export async function recheckMembers(tx: DbOrTx, imp: ImportRow) {
  const scopePath = imp.orgPath;
  // The orgs named by the rows must still be active branches in the import's subtree.
  const gone = await queryRows(
    tx,
    sql`select r.row_no as "rowNo" from import_rows r
        left join orgs o on o.id = (r.data->>'orgId')::int
        where r.import_id = ${imp.id} and (o.id is null or o.status <> 'active'
          or o.kind not in ('branch', 'joint_branch') or not (o.path <@ ${scopePath}::ltree))
        order by r.row_no limit 6`,
    rowNoRow,
  );
  if (gone.length) {
    throw changed(`${rowList(gone.map((g) => g.rowNo))}的所在党支部已撤销或已调整，请重新上传检查`);
  }
  // Someone may have registered one of these people since the check.
  const taken = await queryRows(
    tx,
    sql`select r.row_no as "rowNo" from import_rows r
        where r.import_id = ${imp.id} and exists (select 1 from members m where m.id_number_hash = r.data->>'idNumberHash')
        order by r.row_no limit 6`,
    rowNoRow,
  );
  if (taken.length) {
    // Not "registered in the register": the holder may be outside the uploader's subtree (issue #18).
    // A new check says which rows are the uploader's own members, and audits the others.
    throw changed(
      `${rowList(taken.map((t) => t.rowNo))}的身份证号在检查之后已无法登记，本次导入未写入任何数据；请重新上传检查`,
    );
  }
}

interface Dependency {
  label: string;
  /** Answers one row: `n`, how many rows depend. */
  query: SQL;
}

/** Counts what depends on the import's members; each entry names it in Chinese. */
function memberDependencies(importId: number): Dependency[] {
  // Rows written by the commit carry its transaction's now(), which the import keeps as committed_at.
  const committedAt = sql`(select committed_at from imports where id = ${importId})`;
  const ids = sql`(select id from members where import_id = ${importId})`;
  return [
    {
      label: '党费交纳记录',
      query: sql`select count(*)::int as n from dues_payments where member_id in ${ids}`,
    },
    { label: '党费档案', query: sql`select count(*)::int as n from dues_profiles where member_id in ${ids}` },
    {
      label: '欠费处理决定',
      query: sql`select count(*)::int as n from dues_lapse_decisions where member_id in ${ids}`,
    },
    {
      label: '会议出勤记录',
      query: sql`select count(*)::int as n from meeting_attendance where member_id in ${ids}`,
    },
    {
      label: '授课记录',
      query: sql`select count(*)::int as n from meetings where lecturer_member_id in ${ids}`,
    },
    {
      label: '谈心谈话记录',
      query: sql`select count(*)::int as n from heart_talks where member_id in ${ids} or talker_member_id in ${ids}`,
    },
    { label: '组织关系转接', query: sql`select count(*)::int as n from transfers where member_id in ${ids}` },
    {
      label: '发展党员档案',
      query: sql`select count(*)::int as n from development_cases where member_id in ${ids}`,
    },
    {
      label: '处分记录',
      query: sql`select count(*)::int as n from member_disciplines where member_id in ${ids}`,
    },
    {
      label: '班子成员任职',
      query: sql`select count(*)::int as n from committee_members where member_id in ${ids}`,
    },
    { label: '用户账号', query: sql`select count(*)::int as n from users where member_id in ${ids}` },
    {
      label: '导入后的名册变动',
      query: sql`select count(*)::int as n from member_events where member_id in ${ids}
        and recorded_at <> ${committedAt}`,
    },
    {
      label: '导入后修改过的党员信息',
      query: sql`select count(*)::int as n from members where import_id = ${importId}
        and updated_at > ${committedAt}`,
    },
  ];
}

/** Counts what depends on the import's orgs (other than each other). */
function orgDependencies(importId: number): Dependency[] {
  const committedAt = sql`(select committed_at from imports where id = ${importId})`;
  const ids = sql`(select id from orgs where import_id = ${importId})`;
  const count = (label: string, table: string, column = 'org_id'): Dependency => ({
    label,
    query: sql`select count(*)::int as n from ${sql.raw(table)} where ${sql.raw(column)} in ${ids}`,
  });
  return [
    {
      label: '党员',
      query: sql`select count(*)::int as n from members where org_id in ${ids} or group_id in ${ids}`,
    },
    {
      label: '非本次导入的下级组织',
      query: sql`select count(*)::int as n from orgs where parent_id in ${ids} and (import_id is null or import_id <> ${importId})`,
    },
    count('会议记录', 'meetings'),
    count('谈心谈话记录', 'heart_talks'),
    count('组织生活免于考核记录', 'orglife_exemptions'),
    count('任期记录', 'org_terms'),
    count('班子成员', 'committee_members'),
    count('发展党员档案', 'development_cases'),
    count('发展党员计划', 'development_plans'),
    count('党费记录', 'dues_ledger'),
    count('党费档案', 'dues_profiles'),
    count('党费上缴记录（转出）', 'dues_remittances', 'from_org_id'),
    count('党费上缴记录（接收）', 'dues_remittances', 'to_org_id'),
    count('党费导入', 'dues_imports'),
    count('用户授权', 'role_assignments'),
    count('组织关系转接（转出）', 'transfers', 'from_org_id'),
    count('组织关系转接（转入）', 'transfers', 'to_org_id'),
    count('两新组织覆盖记录', 'coverage_units'),
    count('两新组织覆盖记录', 'coverage_units', 'covered_by_org_id'),
    {
      label: '数据导入记录',
      query: sql`select count(*)::int as n from imports where org_id in ${ids}`,
    },
    {
      label: '导入后的更名、调整或撤销',
      query: sql`select count(*)::int as n from org_versions where org_id in ${ids} and change <> 'created'`,
    },
  ].concat({
    label: '导入后修改过的组织信息',
    query: sql`select count(*)::int as n from orgs where import_id = ${importId}
      and updated_at > ${committedAt}`,
  });
}

async function blockers(tx: DbOrTx, deps: Dependency[]) {
  const found: string[] = [];
  for (const d of deps) {
    const [r] = await queryRows(tx, d.query, countRow);
    if (r.n > 0) found.push(`${d.label}${r.n}条`);
  }
  return found;
}

export async function rollbackMembers(tx: WorkTx, imp: ImportRow) {
  const found = await blockers(tx, memberDependencies(imp.id));
  if (found.length) {
    throw new AppError(
      'IMPORTS_IN_USE',
      `不能撤销：本次导入的党员已有后续数据（${found.join('、')}），请逐一处理`,
    );
  }
  const orgIds = await queryRows(
    tx,
    sql`select distinct org_id as "orgId" from members where import_id = ${imp.id}`,
    z.object({ orgId: z.number() }),
  );
  const ids = sql`(select id from members where import_id = ${imp.id})`;
  // Ledger months without payments are derived bookkeeping (checked above: no payments).
  await tx.execute(sql`delete from dues_arrears_runs where member_id in ${ids}`);
  await tx.execute(sql`delete from dues_ledger where member_id in ${ids}`);
  await tx.execute(sql`delete from member_events where member_id in ${ids}`);
  const deleted = await queryRows(
    tx,
    sql`delete from members where import_id = ${imp.id} returning id`,
    idRow,
  );
  tx.touch(
    'members',
    orgIds.map((o) => o.orgId),
  );
  return deleted.length;
}

export async function rollbackOrgs(tx: WorkTx, imp: ImportRow) {
  const found = await blockers(tx, orgDependencies(imp.id));
  if (found.length) {
    throw new AppError(
      'IMPORTS_IN_USE',
      `不能撤销：本次导入的党组织已有后续数据（${found.join('、')}），请逐一处理`,
    );
  }
  const parents = await queryRows(
    tx,
    sql`select distinct parent_id as "parentId" from orgs where import_id = ${imp.id}
        and parent_id not in (select id from orgs where import_id = ${imp.id})`,
    z.object({ parentId: z.number() }),
  );
  const ids = sql`(select id from orgs where import_id = ${imp.id})`;
  // Derived rows: compliance status and reminders about the new orgs.
  await tx.execute(sql`delete from orglife_compliance where org_id in ${ids}`);
  await tx.execute(sql`delete from notifications where org_id in ${ids}`);
  await tx.execute(sql`delete from org_versions where org_id in ${ids}`);
  const deleted = await queryRows(tx, sql`delete from orgs where import_id = ${imp.id} returning id`, idRow);
  tx.touch(
    'orgs',
    parents.map((p) => p.parentId),
  );
  return deleted.length;
}

export async function auditImport(
  tx: DbOrTx,
  ctx: RequestContext,
  imp: ImportRow,
  action: 'import.commit' | 'import.rollback',
  count: number,
) {
  await writeAudit(tx, ctx, {
    action,
    entity: 'import',
    entityId: imp.id,
    orgPath: imp.orgPath,
    after: { kind: imp.kind, fileName: imp.fileName, rows: count },
  });
}
