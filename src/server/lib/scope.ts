import { type SQL, sql } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';

/**
 * What an actor may see for one permission: the subtrees rooted at `roots` (ltree paths), plus
 * possibly the actor's own member record. Repos take a Scope as a required argument (DESIGN
 * §4.1); a Scope is only made by `Actor.scope(permission)`, never from request input.
 */
export class Scope {
  private constructor(
    readonly roots: readonly string[],
    readonly selfMemberId: number | null,
  ) {}

  static of(roots: readonly string[], selfMemberId: number | null): Scope {
    // Drop roots already covered by another root, so queries stay short.
    const sorted = [...new Set(roots)].sort((a, b) => a.length - b.length);
    const kept: string[] = [];
    for (const r of sorted) if (!kept.some((k) => r === k || r.startsWith(`${k}.`))) kept.push(r);
    return new Scope(kept, selfMemberId);
  }

  get isEmpty(): boolean {
    return this.roots.length === 0 && this.selfMemberId === null;
  }

  /** True when the path lies in one of the subtrees. */
  containsPath(path: string): boolean {
    return this.roots.some((r) => path === r || path.startsWith(`${r}.`));
  }

  /** `path <@ any(roots)`: a condition on an ltree column; false when there are no roots. */
  pathCondition(column: AnyPgColumn | SQL): SQL {
    if (this.roots.length === 0) return sql`false`;
    return sql`${column} <@ array[${sql.join(
      this.roots.map((r) => sql`${r}`),
      sql`, `,
    )}]::ltree[]`;
  }

  /** For member rows: in a subtree, or the actor's own record. */
  memberCondition(pathColumn: AnyPgColumn, idColumn: AnyPgColumn): SQL {
    const parts: SQL[] = [];
    if (this.roots.length) parts.push(this.pathCondition(pathColumn));
    if (this.selfMemberId !== null) parts.push(sql`${idColumn} = ${this.selfMemberId}`);
    if (!parts.length) return sql`false`;
    return sql`(${sql.join(parts, sql` or `)})`;
  }
}

/**
 * The subtree of `path` as a btree range, so that a list ordered by the path
 * (`members_org_path_id_idx`) starts at the subtree and stops after a page, and the planner
 * estimates the subtree's size from the column's histogram. `<@` is a GiST operator: a btree scan
 * in path order filtered by it read every row before the subtree (1.3 s for a city's first page in
 * a province of 5 M members), and its fixed selectivity guess (1/10 of a city) led to slow GiST
 * bitmaps. ltree orders label by label, a shorter label first, so with labels that are ids
 * (digits), the subtree of 1.2 is exactly [1.2, 1.20): the labels between "2" and "20" are those
 * that start with "2.", the descendants (tested against `<@` in test/api/scale.test.ts).
 */
export function inSubtree(column: AnyPgColumn | SQL, path: string): SQL {
  return sql`(${column} >= ${path}::ltree and ${column} < ${`${path}0`}::ltree)`;
}
