/**
 * Member enums (glossary: Members) and their Chinese labels. The tuples are the one source of truth
 * for the server's zod schemas, the database enums and the UI's selects.
 */
export const MEMBER_CATEGORIES = ['full', 'probationary'] as const;
export type MemberCategory = (typeof MEMBER_CATEGORIES)[number];

/**
 * Status in the register. `mobile` and `lost_contact` members are still on the roll (在册); `left`
 * and `deceased` members are kept for history but no longer counted.
 */
export const MEMBER_STATUSES = ['active', 'mobile', 'lost_contact', 'left', 'deceased'] as const;
export type MemberStatus = (typeof MEMBER_STATUSES)[number];

/** How a member left the Party (出党方式); recorded only with status `left`. */
export const LEAVE_REASONS = ['removed', 'withdrew', 'lapsed', 'expelled'] as const;
export type LeaveReason = (typeof LEAVE_REASONS)[number];

export const GENDERS = ['male', 'female'] as const;
export type Gender = (typeof GENDERS)[number];

export const MEMBER_CATEGORY_LABELS: Record<MemberCategory, string> = {
  full: '正式党员',
  probationary: '预备党员',
};

export const MEMBER_STATUS_LABELS: Record<MemberStatus, string> = {
  active: '在册',
  mobile: '流动',
  lost_contact: '失联',
  left: '出党',
  deceased: '死亡',
};

export const LEAVE_REASON_LABELS: Record<LeaveReason, string> = {
  removed: '除名',
  withdrew: '退党',
  lapsed: '自行脱党',
  expelled: '开除党籍',
};

export const GENDER_LABELS: Record<Gender, string> = {
  male: '男',
  female: '女',
};

/** Statuses of members still on the roll: counted in branch sizes and statistics. */
export const CURRENT_MEMBER_STATUSES: readonly MemberStatus[] = ['active', 'mobile', 'lost_contact'];

export function isCurrentMemberStatus(status: string): boolean {
  return (CURRENT_MEMBER_STATUSES as readonly string[]).includes(status);
}
