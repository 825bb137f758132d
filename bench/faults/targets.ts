// What the rounds work on, found once in the demo: the root (where the demo admin's scope starts),
// branches with unique names for the import rows, the largest district-level subtree to move
// between two parents, and an organizational-life rule whose change recomputes every branch.
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { type Db, queryRows } from '../../src/server/db/client.js';
import type { Targets } from './ops.js';

/** A rule of organizational life: overriding it touches `rules` and recomputes every branch. */
const RULE_ID = 'orglife.generalMeetingPeriod';
const RULE_VALUES: [unknown, unknown] = [1, 3];

export async function findTargets(db: Db): Promise<Targets> {
  const [root] = await queryRows(
    db,
    sql`select o.id, o.path::text as path from orgs o where o.parent_id is null and o.status = 'active'
        order by (select count(*) from orgs d where d.path <@ o.path) desc limit 1`,
    z.object({ id: z.number(), path: z.string() }),
  );
  if (!root) throw new Error('no root org: is the demo seeded?');
  const branches = await queryRows(
    db,
    sql`select min(name) as name from orgs where path <@ ${root.path}::ltree and status = 'active'
          and kind in ('branch', 'joint_branch')
        group by name having count(*) = 1 and (select count(*) from orgs o2 where o2.name = min(orgs.name)) = 1
        order by min(id) limit 20`,
    z.object({ name: z.string() }),
  );
  if (branches.length < 5) throw new Error('fewer than 5 branches with unique names under the root');
  // The committee just below the root with the most members below it, and its largest sibling
  // committee as the other parent.
  const committees = await queryRows(
    db,
    sql`select o.id, (select count(*)::int from members m where m.org_path <@ o.path) as n from orgs o
        where o.parent_id = ${root.id} and o.kind = 'committee' and o.status = 'active' order by n desc, o.id limit 2`,
    z.object({ id: z.number(), n: z.number() }),
  );
  if (committees.length < 2) throw new Error('fewer than 2 committees below the root');
  return {
    rootId: root.id,
    branches: branches.map((b) => b.name),
    moveOrgId: committees[0].id,
    moveParents: [root.id, committees[1].id],
    ruleId: RULE_ID,
    ruleValues: RULE_VALUES,
  };
}
