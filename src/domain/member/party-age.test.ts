import { describe, expect, it } from 'vitest';
import { partyAgeOn, politicalBirthday } from './party-age.js';

describe('party age (党章第七条: from 转正)', () => {
  it('counts whole years from the confirmation date, not from joining', () => {
    expect(partyAgeOn('2006-07-01', '2026-06-30')).toBe(19);
    expect(partyAgeOn('2006-07-01', '2026-07-01')).toBe(20);
  });
  it('is null while probationary or before 转正', () => {
    expect(partyAgeOn(null, '2026-11-23')).toBeNull();
    expect(partyAgeOn('2027-06-01', '2026-11-23')).toBeNull();
    expect(partyAgeOn('2026-11-23', '2026-11-23')).toBe(0);
  });
});

describe('political birthday (anniversary of 入党)', () => {
  it('is this year when still ahead, with the days until it', () => {
    expect(politicalBirthday('2005-12-01', '2026-11-23')).toEqual({
      next: '2026-12-01',
      daysUntil: 8,
      years: 21,
    });
  });
  it('is today on the day itself', () => {
    expect(politicalBirthday('2005-11-23', '2026-11-23')).toEqual({
      next: '2026-11-23',
      daysUntil: 0,
      years: 21,
    });
  });
  it('moves to next year once passed', () => {
    expect(politicalBirthday('2005-07-01', '2026-11-23')).toEqual({
      next: '2027-07-01',
      daysUntil: 220,
      years: 22,
    });
  });
  it('is the first anniversary for a member who joined this year; 02-29 falls on 02-28', () => {
    expect(politicalBirthday('2026-06-01', '2026-11-23')).toEqual({
      next: '2027-06-01',
      daysUntil: 190,
      years: 1,
    });
    expect(politicalBirthday('2028-01-01', '2026-11-23')).toBeNull();
    expect(politicalBirthday('2024-02-29', '2027-01-01')).toEqual({
      next: '2027-02-28',
      daysUntil: 58,
      years: 3,
    });
  });
});
