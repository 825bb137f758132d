import { describe, expect, it } from 'vitest';
import {
  EDUCATION_CODES,
  EDUCATION_LEVELS,
  educationName,
  isCollegeOrAbove,
  isEducationLevel,
} from './education.js';
import { ETHNICITIES, ethnicityName, isEthnicityCode, isMinority } from './ethnicities.js';
import {
  GENDER_LABELS,
  GENDERS,
  isCurrentMemberStatus,
  LEAVE_REASON_LABELS,
  LEAVE_REASONS,
  MEMBER_CATEGORIES,
  MEMBER_CATEGORY_LABELS,
  MEMBER_STATUS_LABELS,
  MEMBER_STATUSES,
} from './labels.js';

describe('ETHNICITIES (GB 3304)', () => {
  it('lists the 56 groups with codes 01–56 in order', () => {
    expect(ETHNICITIES).toHaveLength(56);
    ETHNICITIES.forEach((e, i) => {
      expect(e.code).toBe(String(i + 1).padStart(2, '0'));
      expect(e.name).toMatch(/^[\u4e00-\u9fff]+族$/);
    });
    expect(new Set(ETHNICITIES.map((e) => e.name)).size).toBe(56);
  });

  it('names codes, using the current official names', () => {
    expect(ethnicityName('01')).toBe('汉族');
    expect(ethnicityName('05')).toBe('维吾尔族');
    expect(ethnicityName('36')).toBe('毛南族');
    expect(ethnicityName('46')).toBe('德昂族');
    expect(ethnicityName('56')).toBe('基诺族');
    expect(ethnicityName('57')).toBeUndefined();
    expect(ethnicityName('1')).toBeUndefined();
  });

  it('tells minorities from Han', () => {
    expect(isMinority('01')).toBe(false);
    expect(isMinority('03')).toBe(true);
    expect(isMinority('99')).toBe(false);
    expect(isEthnicityCode('29')).toBe(true);
    expect(isEthnicityCode('00')).toBe(false);
  });
});

describe('EDUCATION_LEVELS', () => {
  it('has the seven bands, highest first, with the college flag on the top three', () => {
    expect(EDUCATION_CODES).toEqual([
      'postgraduate',
      'bachelor',
      'college',
      'secondary_vocational',
      'high_school',
      'middle_school',
      'primary_or_below',
    ]);
    expect(EDUCATION_LEVELS.filter((e) => e.collegeOrAbove).map((e) => e.code)).toEqual([
      'postgraduate',
      'bachelor',
      'college',
    ]);
  });

  it('names and classifies codes', () => {
    expect(educationName('college')).toBe('大学专科');
    expect(educationName('secondary_vocational')).toBe('中专/中技');
    expect(educationName('phd')).toBeUndefined();
    expect(isCollegeOrAbove('college')).toBe(true);
    expect(isCollegeOrAbove('high_school')).toBe(false);
    expect(isCollegeOrAbove('unknown')).toBe(false);
    expect(isEducationLevel('primary_or_below')).toBe(true);
  });
});

describe('member labels', () => {
  it('labels every enum value with the glossary term', () => {
    expect(MEMBER_CATEGORY_LABELS).toEqual({ full: '正式党员', probationary: '预备党员' });
    expect(MEMBER_STATUS_LABELS).toEqual({
      active: '在册',
      mobile: '流动',
      lost_contact: '失联',
      left: '出党',
      deceased: '死亡',
    });
    expect(LEAVE_REASON_LABELS).toEqual({
      removed: '除名',
      withdrew: '退党',
      lapsed: '自行脱党',
      expelled: '开除党籍',
    });
    expect(GENDER_LABELS).toEqual({ male: '男', female: '女' });
    expect(Object.keys(MEMBER_CATEGORY_LABELS)).toEqual([...MEMBER_CATEGORIES]);
    expect(Object.keys(MEMBER_STATUS_LABELS)).toEqual([...MEMBER_STATUSES]);
    expect(Object.keys(LEAVE_REASON_LABELS)).toEqual([...LEAVE_REASONS]);
    expect(Object.keys(GENDER_LABELS)).toEqual([...GENDERS]);
  });

  it('counts mobile and lost-contact members as still on the roll', () => {
    expect(MEMBER_STATUSES.filter(isCurrentMemberStatus)).toEqual(['active', 'mobile', 'lost_contact']);
  });
});
