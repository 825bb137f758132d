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
