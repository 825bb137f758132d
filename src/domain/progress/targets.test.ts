import { describe, expect, it } from 'vitest';
import {
  elapsedShare,
  expectedSeconds,
  hoursOf,
  isLeaderInYear,
  isNewSecretaryOn,
  lastKnownDay,
  metRate,
  newSecretaryCheck,
  organisedAbove,
  probationaryTrained,
  standingOf,
  targetHours,
  targetSeconds,
} from './targets.js';

const RULES = { memberYearlyHours: 32, leaderYearlyHours: 56, minutesPerHour: 45 };

describe('targets by role', () => {
  it('gives leaders 56 学时 and members 32, in seconds of 45-minute hours', () => {
    expect(targetHours('leader', RULES)).toBe(56);
    expect(targetHours('member', RULES)).toBe(32);
    expect(targetSeconds('member', RULES)).toBe(32 * 45 * 60);
    expect(targetSeconds('leader', { ...RULES, minutesPerHour: 60 })).toBe(56 * 3600);
  });

  it('turns seconds into 学时 with one decimal', () => {
    expect(hoursOf(2700, RULES)).toBe(1);
    expect(hoursOf(4050, RULES)).toBe(1.5);
    expect(hoursOf(100, RULES)).toBe(0);
    expect(hoursOf(3600, { minutesPerHour: 60 })).toBe(1);
  });

  it('counts a committee role held on any day of the year up to the as-of date', () => {
    const ended = [{ role: 'secretary', startedOn: '2020-01-01', endedOn: '2026-02-01' }];
    expect(isLeaderInYear(ended, 2026, '2026-12-31')).toBe(true);
    expect(isLeaderInYear(ended, 2027, '2027-06-30')).toBe(false);
    // ended_on is exclusive: ended on 1 January means not held that year
    expect(
      isLeaderInYear([{ role: 'x', startedOn: '2020-01-01', endedOn: '2026-01-01' }], 2026, '2026-06-01'),
    ).toBe(false);
    const later = [{ role: 'committee_member', startedOn: '2026-09-01', endedOn: null }];
    expect(isLeaderInYear(later, 2026, '2026-08-31')).toBe(false);
    expect(isLeaderInYear(later, 2026, '2026-09-01')).toBe(true);
    expect(isLeaderInYear(later, 2025, '2026-12-31')).toBe(false);
    expect(isLeaderInYear([], 2026, '2026-12-31')).toBe(false);
  });

  it('knows nothing of a year before it begins', () => {
    expect(lastKnownDay(2026, '2025-12-31')).toBeNull();
    expect(lastKnownDay(2026, '2027-03-01')).toBe('2026-12-31');
    expect(lastKnownDay(2026, '2026-05-05')).toBe('2026-05-05');
  });
});

describe('pace and standing', () => {
  it('takes the elapsed share of the year with the day counted', () => {
    expect(elapsedShare(2026, '2025-06-01')).toBe(0);
    expect(elapsedShare(2026, '2026-01-01')).toBeCloseTo(1 / 365);
    expect(elapsedShare(2026, '2026-12-31')).toBe(1);
    expect(elapsedShare(2024, '2024-12-31')).toBe(1);
    expect(elapsedShare(2024, '2024-07-01')).toBeCloseTo(183 / 366);
    expect(elapsedShare(2026, '2030-01-01')).toBe(1);
  });

  it('expects the target times the share, rounded down', () => {
    const t = targetSeconds('member', RULES);
    expect(expectedSeconds(t, 2026, '2026-12-31')).toBe(t);
    expect(expectedSeconds(t, 2026, '2026-07-02')).toBe(Math.floor((t * 183) / 365));
  });

  it('sorts a member into exactly one standing', () => {
    expect(standingOf(0, 1000, 500)).toBe('none');
    expect(standingOf(1000, 1000, 500)).toBe('met');
    expect(standingOf(1200, 1000, 1000)).toBe('met');
    expect(standingOf(600, 1000, 500)).toBe('on_pace');
    expect(standingOf(500, 1000, 500)).toBe('on_pace');
    expect(standingOf(499, 1000, 500)).toBe('behind');
    // a target of 0 (a deployment that sets none) is met by everyone
    expect(standingOf(0, 0, 0)).toBe('met');
  });

  it('rates met over members, null without members', () => {
    expect(metRate(3, 4)).toBe(0.75);
    expect(metRate(0, 0)).toBeNull();
  });
});

describe('the new secretary', () => {
  it('has until the same day N months later', () => {
    const c = newSecretaryCheck('2026-03-15', 6, '2026-09-10', null);
    expect(c).toEqual({ deadline: '2026-09-15', trained: false, state: 'due', daysLeft: 5 });
    expect(newSecretaryCheck('2026-03-15', 6, '2026-09-15', null).state).toBe('due');
    expect(newSecretaryCheck('2026-03-15', 6, '2026-09-16', null)).toMatchObject({
      state: 'overdue',
      daysLeft: -1,
    });
    expect(newSecretaryCheck('2026-08-31', 6, '2026-09-01', null).deadline).toBe('2027-02-28');
  });

  it('is trained only by a class completed after taking office', () => {
    expect(newSecretaryCheck('2026-03-15', 6, '2026-10-01', '2026-04-20').state).toBe('trained');
    // a class completed before taking office does not count, even if finished late
    expect(newSecretaryCheck('2026-03-15', 6, '2026-10-01', '2026-03-14').state).toBe('overdue');
    // a class completed after the deadline still trains (late), and clears the listing
    expect(newSecretaryCheck('2026-03-15', 6, '2026-12-01', '2026-11-20').state).toBe('trained');
  });

  it('is new while in the window or within a year past it', () => {
    expect(isNewSecretaryOn('2026-03-15', 6, '2026-03-14')).toBe(false);
    expect(isNewSecretaryOn('2026-03-15', 6, '2026-03-15')).toBe(true);
    expect(isNewSecretaryOn('2026-03-15', 6, '2027-09-15')).toBe(true);
    expect(isNewSecretaryOn('2026-03-15', 6, '2027-09-16')).toBe(false);
    expect(isNewSecretaryOn('2026-03-15', 6, '2026-12-01', 0)).toBe(false);
  });
});

describe('the probationary member', () => {
  it('needs a class completed on or after admission', () => {
    expect(probationaryTrained('2026-05-01', null)).toBe(false);
    expect(probationaryTrained('2026-05-01', '2026-04-30')).toBe(false);
    expect(probationaryTrained('2026-05-01', '2026-05-01')).toBe(true);
  });

  it('counts only a class organised strictly above the member’s org', () => {
    expect(organisedAbove('1.2', '1.2.5')).toBe(true);
    expect(organisedAbove('1', '1.2.5')).toBe(true);
    expect(organisedAbove('1.2.5', '1.2.5')).toBe(false);
    expect(organisedAbove('1.2', '1.20.5')).toBe(false);
  });
});
