/**
 * 两新组织 (new economic and social organizations) as the organization department counts them for
 * party-organization coverage: each unit is covered when a party organization of its own or a joint
 * branch covers it.
 */
export const COVERAGE_KINDS = ['private_enterprise', 'state_enterprise', 'social_organization'] as const;
export type CoverageKind = (typeof COVERAGE_KINDS)[number];

export const COVERAGE_KIND_LABELS: Record<CoverageKind, string> = {
  private_enterprise: '非公有制企业',
  state_enterprise: '国有企业',
  social_organization: '社会组织',
};

/** covered / total, null for no units. */
export function coverageRate(covered: number, total: number): number | null {
  return total > 0 ? covered / total : null;
}
