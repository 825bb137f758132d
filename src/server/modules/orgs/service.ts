import type { z } from 'zod';
import { addYears, compareDates } from '../../../domain/common/dates.js';
import { orgNameKeys } from '../../../domain/common/pinyin.js';
import { allowedChildKinds, ORG_KIND_LABELS, type OrgKind, type Sector } from '../../../domain/org/labels.js';
import { defaultTermYears } from '../../../domain/org/term.js';
import { checkOrgViolations } from '../../../domain/org/violations.js';
import type {
  OrgDto,
  orgCreateBody,
  orgDissolveBody,
  orgMoveBody,
  orgPatchBody,
  termCreateBody,
} from '../../../shared/contracts/orgs.js';
import type { Db } from '../../db/client.js';
import { diff, writeAudit } from '../../lib/audit.js';
import type { RequestContext } from '../../lib/context.js';
import { AppError, fieldErrors, notFound } from '../../lib/errors.js';
import { inUnitOfWork } from '../../lib/unit-of-work.js';
import { loadRules } from '../settings/index.js';
import { divisionName } from './divisions.js';
import * as repo from './repo.js';

const ORG = '党组织';

/** Reads need org.read; a user with only member.read (a plain member) sees no org pages. */
const readScope = (ctx: RequestContext) => ctx.actor.scope('org.read');
const writeScope = (ctx: RequestContext) => ctx.actor.scope('org.write');

export async function getOrg(db: Db, ctx: RequestContext, id: number): Promise<OrgDto> {
  // The org row (kept in the process), the rules (kept) and one statement for the rest.
  const org = await repo.findOrg(db, readScope(ctx), id);
  if (!org) throw notFound(ORG);
  const rules = await loadRules(db);
  const f = await repo.pageFigures(db, org, ctx.today, rules['member.probationMonths']);
  const stats = f;
  const term = f.term;
  const committee = f.committee;
  const holdsMembers = org.kind === 'branch' || org.kind === 'joint_branch';
  const violations = checkOrgViolations(
    {
      kind: org.kind as OrgKind,
      sector: org.sector as Sector,
      status: org.status as 'active' | 'dissolved',
      // A branch is judged by its own members; a committee by its subtree.
      fullMembers: holdsMembers ? stats.fullMembers : stats.subtreeFull,
      probationaryMembers: holdsMembers ? stats.probationaryMembers : stats.subtreeProbationary,
      committee: {
        size: committee.length,
        hasSecretary: committee.some((c) => c.role === 'secretary'),
        probationaryMemberIds: committee.filter((c) => c.category === 'probationary').map((c) => c.memberId),
      },
      term: term ? { termStart: term.termStart, termEnd: term.termEnd } : null,
      probationOverdue: holdsMembers ? stats.probationOverdue : 0,
    },
    rules,
    ctx.today,
  );
  const summary = {
    id: org.id,
    parentId: org.parentId,
    name: org.name,
    kind: org.kind,
    sector: org.sector,
    status: org.status,
    path: org.path,
    hasChildren: f.hasChildren,
    memberCount: f.memberCount,
  };
  const canWrite = writeScope(ctx).containsPath(org.path);
  // The root of one's own grant can be edited but not moved or dissolved from inside.
  const isOwnRoot = writeScope(ctx).roots.includes(org.path);
  const active = org.status === 'active';
  return {
    ...summary,
    kind: summary.kind as OrgKind,
    sector: summary.sector as Sector,
    status: summary.status as 'active' | 'dissolved',
    shortName: org.shortName,
    divisionCode: org.divisionCode,
    divisionName: org.divisionCode ? divisionName(org.divisionCode) : null,
    foundedOn: org.foundedOn,
    dissolvedOn: org.dissolvedOn,
    dissolveReason: org.dissolveReason,
    coveredUnits: org.coveredUnits,
    approvesDevelopment: org.approvesDevelopment,
    depth: org.depth,
    stats: {
      fullMembers: holdsMembers ? stats.fullMembers : stats.subtreeFull,
      probationaryMembers: holdsMembers ? stats.probationaryMembers : stats.subtreeProbationary,
      directMembers: stats.directMembers,
      childOrgs: stats.childOrgs,
    },
    term,
    committee: committee.map((c) => ({ ...c, role: c.role as OrgDto['committee'][number]['role'] })),
    violations,
    abilities: {
      update: canWrite && active,
      move: canWrite && active && !isOwnRoot,
      dissolve: canWrite && active && !isOwnRoot,
      addChild: canWrite && active && allowedChildKinds(org.kind as OrgKind).length > 0,
    },
  };
}

function checkKindUnder(parentKind: string, kind: OrgKind) {
  if (!allowedChildKinds(parentKind as OrgKind).includes(kind)) {
    const label = ORG_KIND_LABELS[parentKind as OrgKind] ?? parentKind;
    throw fieldErrors([{ field: 'kind', message: `组织类别：${label}下不能设立${ORG_KIND_LABELS[kind]}` }]);
  }
}

/**
 * 有发展党员审批权 by default: a 党委, except a village or community 党委 whose parent is a township
 * or street 党委 (rural/community committees); the same rule as the backfill of migration 0004.
 */
export function defaultApprovesDevelopment(
  input: { kind: string; sector: string },
  parent: { kind: string; sector: string },
): boolean {
  const grassroots = (o: { sector: string }) => o.sector === 'rural' || o.sector === 'community';
  return (
    input.kind === 'committee' && !(grassroots(input) && parent.kind === 'committee' && grassroots(parent))
  );
}

export async function createOrg(db: Db, ctx: RequestContext, input: z.infer<typeof orgCreateBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const parent = await repo.findOrgForUpdate(tx, writeScope(ctx), input.parentId);
    if (!parent) throw notFound('上级党组织');
    if (parent.status !== 'active')
      throw new AppError('ORGS_PARENT_DISSOLVED', '上级党组织已撤销，不能在其下设立组织');
    checkKindUnder(parent.kind, input.kind);
    if (compareDates(input.foundedOn, ctx.today) > 0) {
      throw fieldErrors([{ field: 'foundedOn', message: '成立日期：不能晚于今天' }]);
    }
    const keys = orgNameKeys(input.name);
    const org = await repo.insertOrg(tx, {
      parentId: parent.id,
      parentPath: parent.path,
      depth: parent.depth + 1,
      name: input.name,
      shortName: input.shortName ?? null,
      namePinyin: keys.pinyin,
      nameInitials: keys.initials,
      kind: input.kind,
      sector: input.sector,
      divisionCode: input.divisionCode ?? null,
      foundedOn: input.foundedOn,
      coveredUnits: input.coveredUnits ?? [],
      approvesDevelopment: input.approvesDevelopment ?? defaultApprovesDevelopment(input, parent),
    });
    await repo.recordVersion(tx, org, input.foundedOn, 'created', null, ctx.actor.userId);
    await writeAudit(tx, ctx, {
      action: 'org.create',
      entity: 'org',
      entityId: org.id,
      orgPath: org.path,
      after: input,
    });
    // A new party group gives its branch a group meeting to hold; a new branch has its own items.
    tx.touch('orgs', [org.id, parent.id]);
    return org.id;
  });
}

export async function updateOrg(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: z.infer<typeof orgPatchBody>,
) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const org = await repo.findOrgForUpdate(tx, writeScope(ctx), id);
    if (!org) throw notFound(ORG);
    if (org.status !== 'active') throw new AppError('ORGS_DISSOLVED', '已撤销的党组织不能修改');
    const { effectiveOn, reason, ...fields } = input;
    const values: Record<string, unknown> = { ...fields };
    if (fields.name) Object.assign(values, orgNameKeysFor(fields.name));
    const d = diff(org as unknown as Record<string, unknown>, fields as Record<string, unknown>);
    if (!d.changed) return id;
    const updated = await repo.updateOrg(tx, id, values);
    if (fields.name && fields.name !== org.name) {
      await repo.recordVersion(
        tx,
        updated,
        effectiveOn ?? ctx.today,
        'renamed',
        reason ?? null,
        ctx.actor.userId,
      );
    }
    await writeAudit(tx, ctx, {
      action: 'org.update',
      entity: 'org',
      entityId: id,
      orgPath: org.path,
      before: d.before,
      after: d.after,
      reason,
    });
    // The founding date and kind decide what the org must hold.
    tx.touch('orgs', [id, org.parentId]);
    return id;
  });
}

function orgNameKeysFor(name: string) {
  const k = orgNameKeys(name);
  return { namePinyin: k.pinyin, nameInitials: k.initials };
}

export async function moveOrg(db: Db, ctx: RequestContext, id: number, input: z.infer<typeof orgMoveBody>) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const scope = writeScope(ctx);
    const org = await repo.findOrgForUpdate(tx, scope, id);
    if (!org) throw notFound(ORG);
    if (scope.roots.includes(org.path))
      throw new AppError('FORBIDDEN', '不能调整本级（授权根组织）的隶属关系');
    if (org.status !== 'active') throw new AppError('ORGS_DISSOLVED', '已撤销的党组织不能调整隶属关系');
    const parent = await repo.findOrgForUpdate(tx, scope, input.parentId);
    if (!parent) throw notFound('新的上级党组织');
    if (parent.id === org.parentId)
      throw fieldErrors([{ field: 'parentId', message: '上级党组织：与现在的上级相同' }]);
    if (parent.path === org.path || parent.path.startsWith(`${org.path}.`)) {
      throw fieldErrors([{ field: 'parentId', message: '上级党组织：不能移到本组织或其下级组织之下' }]);
    }
    if (parent.status !== 'active') throw fieldErrors([{ field: 'parentId', message: '上级党组织：已撤销' }]);
    checkKindUnder(parent.kind, org.kind as OrgKind);
    await repo.movePaths(tx, org.path, parent.path);
    const moved = await repo.updateOrg(tx, id, { parentId: parent.id });
    await repo.recordVersion(
      tx,
      moved,
      input.effectiveOn ?? ctx.today,
      'moved',
      input.reason,
      ctx.actor.userId,
    );
    await writeAudit(tx, ctx, {
      action: 'org.move',
      entity: 'org',
      entityId: id,
      orgPath: moved.path,
      before: { parentId: org.parentId, path: org.path },
      after: { parentId: parent.id, path: moved.path },
      reason: input.reason,
    });
    // A party group moved to another branch takes its group meetings with it.
    tx.touch('orgs', [id, org.parentId, parent.id]);
    return id;
  });
}

export async function dissolveOrg(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: z.infer<typeof orgDissolveBody>,
) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const scope = writeScope(ctx);
    const org = await repo.findOrgForUpdate(tx, scope, id);
    if (!org) throw notFound(ORG);
    if (scope.roots.includes(org.path)) throw new AppError('FORBIDDEN', '不能撤销本级（授权根组织）');
    if (org.status !== 'active') throw new AppError('ORGS_DISSOLVED', '该党组织已撤销');
    if (compareDates(input.dissolvedOn, ctx.today) > 0) {
      throw fieldErrors([{ field: 'dissolvedOn', message: '撤销日期：不能晚于今天' }]);
    }
    const content = await repo.activeContent(tx, org);
    if (content.childOrgs > 0 || content.currentMembers > 0) {
      throw new AppError(
        'ORGS_NOT_EMPTY',
        `该党组织还有${content.childOrgs}个下级组织、${content.currentMembers}名党员，请先调整隶属关系或转接组织关系后再撤销`,
      );
    }
    const updated = await repo.updateOrg(tx, id, {
      status: 'dissolved',
      dissolvedOn: input.dissolvedOn,
      dissolveReason: input.reason,
    });
    await repo.endCurrentTerm(tx, id, input.dissolvedOn);
    await repo.recordVersion(tx, updated, input.dissolvedOn, 'dissolved', input.reason, ctx.actor.userId);
    await writeAudit(tx, ctx, {
      action: 'org.dissolve',
      entity: 'org',
      entityId: id,
      orgPath: org.path,
      before: { status: 'active' },
      after: { status: 'dissolved', dissolvedOn: input.dissolvedOn },
      reason: input.reason,
    });
    // Dissolution ends the org's requirements (and a dissolved group's meetings for its branch).
    tx.touch('orgs', [id, org.parentId]);
    return id;
  });
}

/** 换届: closes the current term and committee and records the newly elected one. */
export async function renewTerm(
  db: Db,
  ctx: RequestContext,
  id: number,
  input: z.infer<typeof termCreateBody>,
) {
  return inUnitOfWork(db, ctx.today, async (tx) => {
    const org = await repo.findOrgForUpdate(tx, writeScope(ctx), id);
    if (!org) throw notFound(ORG);
    if (org.status !== 'active') throw new AppError('ORGS_DISSOLVED', '已撤销的党组织不能换届');
    const rules = await loadRules(tx);
    const years = defaultTermYears(org.kind as OrgKind, org.sector as Sector, rules);
    if (years === null) throw new AppError('ORGS_GROUP_HAS_NO_TERM', '党小组不设任期');
    const termEnd = input.termEnd ?? addYears(input.termStart, years);
    const range = rules['term.constitutionRange'];
    const errors: { field: string; message: string }[] = [];
    if (
      compareDates(termEnd, addYears(input.termStart, range.min)) < 0 ||
      compareDates(termEnd, addYears(input.termStart, range.max)) > 0
    ) {
      errors.push({
        field: 'termEnd',
        message: `任期届满：每届任期应为${range.min}至${range.max}年（党章第三十一条）`,
      });
    }
    const ids = input.committee.map((c) => c.memberId);
    if (new Set(ids).size !== ids.length)
      errors.push({ field: 'committee', message: '班子成员：同一党员不能重复任职' });
    if (input.committee.filter((c) => c.role === 'secretary').length !== 1) {
      errors.push({ field: 'committee', message: '班子成员：应有且只有1名书记' });
    }
    const found = await repo.membersInSubtree(tx, org, ids);
    for (const mid of ids) {
      const m = found.find((f) => f.id === mid);
      if (!m) errors.push({ field: 'committee', message: `班子成员：党员 ${mid} 不在本组织` });
      else if (m.category !== 'full') {
        errors.push({
          field: 'committee',
          message: `班子成员：${m.name}是预备党员，没有被选举权（党章第七条）`,
        });
      } else if (m.status === 'left' || m.status === 'deceased') {
        errors.push({ field: 'committee', message: `班子成员：${m.name}已不在册` });
      }
    }
    if (errors.length) throw fieldErrors(errors);
    await repo.endCurrentTerm(tx, id, input.termStart);
    const term = await repo.insertTerm(tx, id, { termStart: input.termStart, termEnd }, input.committee);
    // The committee's size decides whether the branch holds 支委会.
    tx.touch('orgs', [id]);
    await writeAudit(tx, ctx, {
      action: 'org.term_create',
      entity: 'org',
      entityId: id,
      orgPath: org.path,
      after: { termStart: input.termStart, termEnd, committee: input.committee },
    });
    return term.id;
  });
}

export async function children(
  db: Db,
  ctx: RequestContext,
  id: number,
  q: { asOf?: string; current: number; pageSize: number },
) {
  const org = await repo.findOrg(db, readScope(ctx), id);
  if (!org) throw notFound(ORG);
  if (q.asOf) {
    // The history view: the day's children are read whole (their member counts replay the
    // register's events) and paged here.
    const all = await repo.childrenAsOf(db, org, q.asOf);
    const from = (q.current - 1) * q.pageSize;
    return { data: all.slice(from, from + q.pageSize), total: all.length };
  }
  return repo.children(db, readScope(ctx), org, q.current, q.pageSize);
}

export async function ancestors(db: Db, ctx: RequestContext, id: number) {
  const org = await repo.findOrg(db, readScope(ctx), id);
  if (!org) throw notFound(ORG);
  const ids = org.path.split('.').map(Number);
  // Only the ancestors inside the actor's scope: above one's grant the tree is not shown.
  return repo.summaries(db, readScope(ctx), ids);
}

export async function history(db: Db, ctx: RequestContext, id: number) {
  const org = await repo.findOrg(db, readScope(ctx), id);
  if (!org) throw notFound(ORG);
  return repo.history(db, id);
}

export async function roots(db: Db, ctx: RequestContext, asOf?: string) {
  if (!asOf) return repo.rootsOf(db, readScope(ctx));
  return repo.rootsAsOf(db, await repo.rootRows(db, readScope(ctx)), asOf);
}
export const search = (
  db: Db,
  ctx: RequestContext,
  q: string | undefined,
  kind: string | undefined,
  limit: number,
) => repo.search(db, readScope(ctx), q, kind, limit);
