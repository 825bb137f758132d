/**
 * 两新组织覆盖: the organization department's list of enterprises and social organizations per
 * area and which party organization covers each. Read with org.read, written with org.write; the
 * area org and the covering org must both lie in the writer's scope (else 404), and every write is
 * audited in its transaction.
 */
import type { z } from 'zod';
import type { OrgKind } from '../../../domain/org/labels.js';
import type {
  CoverageUnitDto,
  coverageCreateBody,
  coverageListQuery,
  coveragePatchBody,
} from '../../../shared/contracts/coverage.js';
import type { FieldErrorDto } from '../../../shared/contracts/error-codes.js';
import type { Db, DbOrTx } from '../../db/client.js';
import { diff, writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { fieldErrors, notFound } from '../../lib/errors.js';
import type { Scope } from '../../lib/scope.js';
import { orgRepo } from '../orgs/index.js';
import * as repo from './repo.js';

const UNIT = '两新组织单位';
/** Party organizations that can cover a unit (a group is part of a branch, not an organization of its own). */
const COVERING_KINDS: readonly OrgKind[] = ['committee', 'general_branch', 'branch', 'joint_branch'];

function toDto(r: repo.UnitRow, ctx: RequestContext): CoverageUnitDto {
  const u = r.unit;
  return {
    id: u.id,
    name: u.name,
    kind: u.kind as CoverageUnitDto['kind'],
    orgId: u.orgId,
    orgName: r.orgName,
    employees: u.employees,
    coveredByOrgId: u.coveredByOrgId,
    coveredByOrgName: r.coveredByOrgName,
    abilities: { update: ctx.actor.scope('org.write').containsPath(u.orgPath) },
  };
}

export async function list(db: Db, ctx: RequestContext, q: z.infer<typeof coverageListQuery>) {
  const scope = ctx.actor.scope('org.read');
  let orgPath: string | undefined;
  if (q.orgId) {
    const org = await orgRepo.findOrg(db, scope, q.orgId);
    if (!org) throw notFound('党组织');
    orgPath = org.path;
  }
  const covered = q.covered === undefined ? undefined : q.covered === 'true';
  const r = await repo.list(db, scope, { orgPath, kind: q.kind, covered, q: q.q }, q.current, q.pageSize);
  return { data: r.data.map((row) => toDto(row, ctx)), total: r.total };
}

export async function get(db: DbOrTx, ctx: RequestContext, id: number) {
  const row = await repo.find(db, ctx.actor.scope('org.read'), id);
  if (!row) throw notFound(UNIT);
  return toDto(row, ctx);
}

/** The area org and the covering org: in the write scope (else 404), active, of a fitting kind. */
async function checkOrgs(
  tx: DbOrTx,
  scope: Scope,
  orgId: number,
  coveredByOrgId: number | null,
): Promise<{ path: string }> {
  const org = await orgRepo.findOrg(tx, scope, orgId);
  if (!org) throw notFound('党组织');
  const errors: FieldErrorDto[] = [];
  if (org.status !== 'active' || org.kind === 'group') {
    errors.push({ field: 'orgId', message: '所属党组织：应为正常运行的党组织（街道、乡镇党委等）' });
  }
  if (coveredByOrgId !== null) {
    const by = await orgRepo.findOrg(tx, scope, coveredByOrgId);
    if (!by) throw notFound('覆盖党组织');
    if (by.status !== 'active' || !COVERING_KINDS.includes(by.kind as OrgKind)) {
      errors.push({
        field: 'coveredByOrgId',
        message: '覆盖党组织：应为正常运行的党委、党总支、党支部或联合党支部',
      });
    }
  }
  if (errors.length) throw fieldErrors(errors);
  return { path: org.path };
}

export async function create(db: Db, ctx: RequestContext, input: z.infer<typeof coverageCreateBody>) {
  return db.transaction(async (tx) => {
    const scope = ctx.actor.scope('org.write');
    const { path } = await checkOrgs(tx, scope, input.orgId, input.coveredByOrgId);
    if (await repo.nameTaken(tx, input.orgId, input.name)) {
      throw fieldErrors([{ field: 'name', message: '单位名称：该党组织下已有同名单位' }]);
    }
    const row = await repo.insert(tx, { ...input, orgPath: path });
    await writeAudit(tx, ctx, {
      action: 'coverage_unit.create',
      entity: 'coverage_unit',
      entityId: row.id,
      orgPath: path,
      after: input,
    });
    return row.id;
  });
}

export async function update(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: z.infer<typeof coveragePatchBody>,
) {
  return db.transaction(async (tx) => {
    const scope = ctx.actor.scope('org.write');
    const found = await repo.find(tx, scope, id, true);
    if (!found) throw notFound(UNIT);
    const before = found.unit;
    const next = {
      name: input.name ?? before.name,
      kind: input.kind ?? before.kind,
      orgId: input.orgId ?? before.orgId,
      employees: input.employees ?? before.employees,
      coveredByOrgId: input.coveredByOrgId === undefined ? before.coveredByOrgId : input.coveredByOrgId,
    };
    const { path } = await checkOrgs(tx, scope, next.orgId, next.coveredByOrgId);
    if (
      (next.name !== before.name || next.orgId !== before.orgId) &&
      (await repo.nameTaken(tx, next.orgId, next.name, id))
    ) {
      throw fieldErrors([{ field: 'name', message: '单位名称：该党组织下已有同名单位' }]);
    }
    const d = diff(before as unknown as Record<string, unknown>, next);
    if (!d.changed) return;
    await repo.update(tx, id, { ...next, orgPath: path });
    await writeAudit(tx, ctx, {
      action: 'coverage_unit.update',
      entity: 'coverage_unit',
      entityId: id,
      orgPath: path,
      before: d.before,
      after: d.after,
    });
  });
}
