/**
 * Who a learning item is for (issue #20). An item names any of 全体党员, 书记, 班子成员, 预备党员,
 * 入党积极分子; a person sees it when any of them describes the person TODAY:
 * - all: every member in the register (not left, not deceased);
 * - secretaries: a member holding the secretary role (书记) of any org's committee, in office today;
 * - committee: a member holding any committee role (书记, 副书记, 委员…) in office today;
 * - probationary: a member whose category is probationary (预备党员);
 * - activists: a person of a development case at the activist stage or later (not a member). An
 *   applicant's account has no member record and no learning.study permission in this version:
 *   such items are listed for staff and reach no member unless another audience of theirs does
 *   (decision 0045).
 * Pure: the caller reads the facts as of today.
 */
export const LEARNING_AUDIENCES = ['all', 'secretaries', 'committee', 'probationary', 'activists'] as const;
export type Audience = (typeof LEARNING_AUDIENCES)[number];

export const AUDIENCE_LABELS: Record<Audience, string> = {
  all: '全体党员',
  secretaries: '书记',
  committee: '班子成员',
  probationary: '预备党员',
  activists: '入党积极分子',
};

/** What is known about the person today. */
export interface PersonFacts {
  /** A member in the register today (not left, not deceased). */
  member: boolean;
  secretary: boolean;
  committee: boolean;
  probationary: boolean;
  activist: boolean;
}

/** The audiences that describe the person today. */
export function audiencesOf(p: PersonFacts): Audience[] {
  const out: Audience[] = [];
  if (p.member) out.push('all');
  if (p.member && p.secretary) out.push('secretaries');
  if (p.member && (p.committee || p.secretary)) out.push('committee');
  if (p.member && p.probationary) out.push('probationary');
  if (p.activist) out.push('activists');
  return out;
}

/** Whether an item for `audience` reaches the person. */
export function reaches(audience: readonly Audience[], p: PersonFacts): boolean {
  const mine = new Set(audiencesOf(p));
  return audience.some((a) => mine.has(a));
}

/** The audience list as stored: known values only, in catalog order, without repeats; never empty. */
export function normalizeAudience(audience: readonly string[]): Audience[] {
  const set = new Set(audience);
  const out = LEARNING_AUDIENCES.filter((a) => set.has(a));
  return out.length ? out : ['all'];
}

/** 全体党员 · 预备党员 */
export function audienceLabel(audience: readonly Audience[]): string {
  return audience.map((a) => AUDIENCE_LABELS[a]).join('、');
}
