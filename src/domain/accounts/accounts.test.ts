import { describe, expect, it } from 'vitest';
import {
  afterWrongTry,
  asMobile,
  CODE_ALPHABET,
  codeFromBytes,
  formatCode,
  idTailMatches,
  isCodeShape,
  normaliseCode,
  smsCodeFromBytes,
  smsRefusal,
  usernameFromBytes,
} from './accounts.js';

const NOW = new Date('2026-11-23T04:00:00Z');
const bytes = (...b: number[]) => Uint8Array.from(b);

describe('activation codes', () => {
  it('uses no look-alike characters and reads back from its printed form', () => {
    expect(CODE_ALPHABET).not.toMatch(/[0O1I]/);
    expect(CODE_ALPHABET).toHaveLength(32);
    const code = codeFromBytes(bytes(0, 1, 2, 3, 31, 32, 255, 100));
    expect(code).toBe('ABCD9A9E');
    expect(formatCode(code)).toBe('ABCD-9A9E');
    expect(normaliseCode(' abcd-9a9e ')).toBe(code);
    expect(isCodeShape(normaliseCode('abcd 9a9e'))).toBe(true);
    expect(isCodeShape('ABCD0OAN')).toBe(false);
    expect(isCodeShape('ABC')).toBe(false);
  });

  it('generates usernames that are never a phone', () => {
    expect(usernameFromBytes(bytes(7, 7, 7, 7, 7, 7, 7, 7))).toBe('mhhhhhhhh');
  });

  it('matches the ID tail case-insensitively and only the last six', () => {
    expect(idTailMatches('11010519491231002X', '31002x')).toBe(true);
    expect(idTailMatches('11010519491231002X', ' 31002X ')).toBe(true);
    expect(idTailMatches('11010519491231002X', '231002')).toBe(false);
    expect(idTailMatches('11010519491231002X', '1002X')).toBe(false);
  });

  it('locks a code at the limit of wrong tries, for the rule period', () => {
    const limits = { maxAttempts: 5, lockMinutes: 30 };
    expect(afterWrongTry(3, limits, NOW)).toEqual({ failedAttempts: 4, lockedUntil: null });
    expect(afterWrongTry(4, limits, NOW)).toEqual({
      failedAttempts: 0,
      lockedUntil: new Date('2026-11-23T04:30:00Z'),
    });
  });
});

describe('phones and SMS codes', () => {
  it('reads a mobile number as typed', () => {
    expect(asMobile('138 0013 8000')).toBe('13800138000');
    expect(asMobile('+8613800138000')).toBe('13800138000');
    expect(asMobile('12800138000')).toBeNull();
    expect(asMobile('zhangsan')).toBeNull();
  });

  it('draws six digits', () => {
    expect(smsCodeFromBytes(bytes(0, 0, 0, 42))).toBe('000042');
    expect(smsCodeFromBytes(bytes(255, 255, 255, 255))).toMatch(/^\d{6}$/);
  });

  it('limits per phone (interval, day) and per address (hour)', () => {
    const limits = { phoneIntervalSeconds: 60, phoneDailyMax: 10, ipHourlyMax: 20 };
    const fresh = { phoneLastAt: null, phoneLastDay: 0, ipLastHour: 0 };
    expect(smsRefusal(fresh, limits, NOW)).toBeNull();
    const justSent = { ...fresh, phoneLastAt: new Date(NOW.getTime() - 15_000), phoneLastDay: 1 };
    expect(smsRefusal(justSent, limits, NOW)).toEqual({ waitSeconds: 45 });
    const minuteAgo = { ...justSent, phoneLastAt: new Date(NOW.getTime() - 60_000) };
    expect(smsRefusal(minuteAgo, limits, NOW)).toBeNull();
    expect(smsRefusal({ ...minuteAgo, phoneLastDay: 10 }, limits, NOW)).toEqual({ waitSeconds: 86400 });
    expect(smsRefusal({ ...fresh, ipLastHour: 20 }, limits, NOW)).toEqual({ waitSeconds: 3600 });
  });
});
