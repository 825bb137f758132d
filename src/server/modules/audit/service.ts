import type { z } from 'zod';
import { addDays } from '../../../domain/common/dates.js';
import { isRuleId, ruleDef } from '../../../domain/rules/catalog.js';
import {
  AUDIT_ENTITIES,
  AUDIT_REF_FIELDS,
  type AuditEntity,
  type auditListQuery,
  auditNameKey,
} from '../../../shared/contracts/audit.js';
import type { Db } from '../../db/client.js';
import type { RequestContext } from '../../lib/context.js';
import type { Scope } from '../../lib/scope.js';
import * as repo from './repo.js';

/** The audit log in the auditor's scope, a page at a time (the list screen and its export). */
export async function list(db: Db, ctx: RequestContext, query: z.infer<typeof auditListQuery>) {
  const { current, pageSize, from, to, ...q } = query;
  const scope = ctx.actor.scope('audit.read');
  const r = await repo.list(
    db,
    scope,
    {
      ...q,
      // Days are Shanghai days: [from 00:00, to + 1 day 00:00) at +08:00.
      from: from ? new Date(`${from}T00:00:00+08:00`) : undefined,
      to: to ? new Date(`${addDays(to, 1)}T00:00:00+08:00`) : undefined,
    },
    current,
    pageSize,
  );
  const refs = r.data.map(refsOf);
  const names = await namesOf(db, scope, refs.flat());
  return {
    data: r.data.map(({ orgPath: _p, at, ...e }, i) => {
      const own: Record<string, string> = {};
      for (const ref of refs[i]) {
        const name = names.get(auditNameKey(ref.entity, ref.id));
        if (name !== undefined) own[auditNameKey(ref.entity, ref.id)] = name;
      }
      const self = selfRef(e);
      return {
        ...e,
        at: at.toISOString(),
        entityName: self ? (own[auditNameKey(self.entity, self.id)] ?? null) : null,
        names: own,
      };
    }),
    total: r.total,
  };
}

interface Ref {
  entity: AuditEntity;
  id: number | string;
}

const isEntity = (e: string): e is AuditEntity => Object.hasOwn(AUDIT_ENTITIES, e);

/** The record an entry is about: its entity id, or (rules, keyed by name) the `id` it changed. */
function selfRef(e: {
  entity: string;
  entityId: number | null;
  before: unknown;
  after: unknown;
}): Ref | null {
  if (!isEntity(e.entity)) return null;
  if (e.entityId != null) return { entity: e.entity, id: e.entityId };
  const id = field(e.after, 'id') ?? field(e.before, 'id');
  return id === undefined ? null : { entity: e.entity, id };
}

const field = (v: unknown, k: string): number | string | undefined => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const x = (v as Record<string, unknown>)[k];
  return typeof x === 'number' || typeof x === 'string' ? x : undefined;
};

/** Every record an entry names: itself, and the ids held by before/after's reference fields. */
function refsOf(e: { entity: string; entityId: number | null; before: unknown; after: unknown }): Ref[] {
  const out: Ref[] = [];
  const self = selfRef(e);
  if (self) out.push(self);
  for (const side of [e.before, e.after]) {
    for (const [k, entity] of Object.entries(AUDIT_REF_FIELDS)) {
      const id = field(side, k);
      if (id !== undefined) out.push({ entity, id });
    }
  }
  return out;
}

/** One scoped query per entity for the whole page (repo.NAME_QUERIES); rules from the catalog. */
async function namesOf(db: Db, scope: Scope, refs: Ref[]): Promise<Map<string, string>> {
  const byEntity = new Map<AuditEntity, Set<number | string>>();
  for (const r of refs) {
    const ids = byEntity.get(r.entity) ?? new Set();
    byEntity.set(r.entity, ids.add(r.id));
  }
  const names = new Map<string, string>();
  await Promise.all(
    [...byEntity].map(async ([entity, ids]) => {
      if (entity === 'audit') return;
      if (entity === 'rule') {
        // The catalog is public: every auditor may read a rule's title.
        for (const id of ids) {
          if (typeof id === 'string' && isRuleId(id)) names.set(auditNameKey(entity, id), ruleDef(id).title);
        }
        return;
      }
      const numeric = [...ids].filter(
        (id): id is number => typeof id === 'number' && Number.isSafeInteger(id),
      );
      if (!numeric.length) return;
      for (const row of await repo.NAME_QUERIES[entity](db, scope, numeric)) {
        names.set(auditNameKey(entity, row.id), row.name);
      }
    }),
  );
  return names;
}
