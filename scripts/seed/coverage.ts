/**
 * 两新组织 coverage units of the demo: per street or town committee, the enterprises and social
 * organizations of its area. The demo's own private-enterprise, state-enterprise and
 * social-organization orgs cover their unit; the names a joint branch lists in `covered_units` are
 * covered by that joint branch; invented uncovered units bring the rates to what departments report
 * (enterprises about three in four, social organizations lower). Deterministic in the seed.
 */

import { bulkInsert } from '../../src/server/db/bulk.js';
import type { DbOrTx } from '../../src/server/db/client.js';
import { coverageUnits } from '../../src/server/db/schema/index.js';
import { CompanyNames } from './names.js';
import { Rng } from './prng.js';

/** What the seed needs of a demo org (the demo's OrgNode has these fields). */
export interface CoverageNode {
  id: number;
  path: string;
  name: string;
  kind: string;
  sector: string;
  status: 'active' | 'dissolved';
  divisionCode: string | null;
  unit: string | null;
  coveredUnits: string[];
  parent: CoverageNode | null;
}

type UnitKind = 'private_enterprise' | 'state_enterprise' | 'social_organization';

/** Target shares of covered units (uncovered units are added to reach about these). */
const TARGET_RATE: Record<UnitKind, number> = {
  private_enterprise: 0.75,
  state_enterprise: 1,
  social_organization: 0.55,
};

const SOCIAL_KINDS = [
  '摄影家协会',
  '书法家协会',
  '个体劳动者协会',
  '老年人体育协会',
  '餐饮服务行业协会',
  '社区养老服务中心',
  '青少年活动中心',
  '家政服务协会',
  '物业管理协会',
  '社会工作服务中心',
  '民办阳光幼儿园',
  '红十字志愿服务队',
];

const isStreet = (n: CoverageNode) =>
  n.kind === 'committee' && n.status === 'active' && (n.divisionCode?.length ?? 0) === 9;

export async function seedCoverage(tx: DbOrTx, opts: { nodes: CoverageNode[]; seed: number }) {
  const rng = new Rng(opts.seed ^ 0xc0e1);
  const streets = opts.nodes.filter(isStreet);
  if (!streets.length) return { units: 0 };
  // City-level units (under the non-public and social committee, the SOE committee) belong to the
  // streets of the central district, in turn.
  const central = streets.filter((s) => s.divisionCode?.startsWith('620102'));
  let turn = 0;
  const areaOf = (n: CoverageNode): CoverageNode => {
    for (let p: CoverageNode | null = n.parent; p; p = p.parent) if (isStreet(p)) return p;
    const pool = central.length ? central : streets;
    return pool[turn++ % pool.length];
  };
  const names = new Set<string>();
  const rows: (typeof coverageUnits.$inferInsert)[] = [];
  const add = (name: string, kind: UnitKind, area: CoverageNode, by: number | null, employees: number) => {
    names.add(name);
    rows.push({ name, kind, orgId: area.id, orgPath: area.path, employees, coveredByOrgId: by });
  };

  for (const n of opts.nodes) {
    if (n.status !== 'active' || n.kind === 'group') continue;
    if (n.kind === 'joint_branch') {
      const area = areaOf(n);
      for (const u of n.coveredUnits) {
        const social = /协会|商会|中心|事务所$/.test(u) || n.sector === 'social_organization';
        add(u, social ? 'social_organization' : 'private_enterprise', area, n.id, rng.int(5, 60));
      }
      continue;
    }
    const own = n.unit && n.unit !== n.parent?.unit ? n.unit : null;
    if (!own || names.has(own)) continue;
    if (n.sector === 'private_enterprise') add(own, 'private_enterprise', areaOf(n), n.id, rng.int(30, 800));
    else if (n.sector === 'social_organization')
      add(own, 'social_organization', areaOf(n), n.id, rng.int(8, 80));
    else if (n.sector === 'state_enterprise' && n.parent?.sector === 'state_enterprise') {
      add(own, 'state_enterprise', areaOf(n), n.id, rng.int(200, 3000));
    }
  }

  // Uncovered units, spread over the streets (some streets have more small firms than others).
  const companies = new CompanyNames(rng);
  const weights = streets.map((s) => [s, rng.int(1, 4)] as const);
  for (const kind of ['private_enterprise', 'social_organization'] as const) {
    const covered = rows.filter((r) => r.kind === kind).length;
    const uncovered = Math.round(covered / TARGET_RATE[kind] - covered);
    for (let i = 0; i < uncovered; i++) {
      const area = rng.weighted(weights);
      const place = area.name.replace(/^中共/, '').replace(/(工作)?委员会$/, '');
      let name = '';
      for (let tries = 0; tries < 30 && (!name || names.has(name)); tries++) {
        name = kind === 'private_enterprise' ? companies.next() : `${place}${rng.pick(SOCIAL_KINDS)}`;
      }
      if (names.has(name)) continue;
      add(name, kind, area, null, kind === 'private_enterprise' ? rng.int(6, 120) : rng.int(3, 30));
    }
  }
  await bulkInsert(tx, coverageUnits, rows);
  return { units: rows.length };
}
