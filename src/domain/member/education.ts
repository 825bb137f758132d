/**
 * Education levels as the member register records them (highest completed level).
 *
 * Coarse on purpose: these are the bands the party statistics report (the share of members with
 * 大专及以上 education is a headline figure), not a full GB/T 4658 code list. `collegeOrAbove` marks
 * the bands that count toward that share.
 */
export const EDUCATION_LEVELS = [
  { code: 'postgraduate', name: '研究生', collegeOrAbove: true },
  { code: 'bachelor', name: '大学本科', collegeOrAbove: true },
  { code: 'college', name: '大学专科', collegeOrAbove: true },
  { code: 'secondary_vocational', name: '中专/中技', collegeOrAbove: false },
  { code: 'high_school', name: '高中', collegeOrAbove: false },
  { code: 'middle_school', name: '初中', collegeOrAbove: false },
  { code: 'primary_or_below', name: '小学及以下', collegeOrAbove: false },
] as const;

export type EducationLevel = (typeof EDUCATION_LEVELS)[number]['code'];

/** The codes as a non-empty tuple, usable as a zod enum. */
export const EDUCATION_CODES = EDUCATION_LEVELS.map((e) => e.code) as [EducationLevel, ...EducationLevel[]];

const BY_CODE: ReadonlyMap<string, (typeof EDUCATION_LEVELS)[number]> = new Map(
  EDUCATION_LEVELS.map((e) => [e.code, e]),
);

export function isEducationLevel(code: string): code is EducationLevel {
  return BY_CODE.has(code);
}

export function educationName(code: string): string | undefined {
  return BY_CODE.get(code)?.name;
}

/** 大专及以上: counts toward the college-educated share. False for unknown codes. */
export function isCollegeOrAbove(code: string): boolean {
  return BY_CODE.get(code)?.collegeOrAbove ?? false;
}
