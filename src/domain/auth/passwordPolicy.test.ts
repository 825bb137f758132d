import { describe, expect, it } from 'vitest';
import { characterClasses, passwordExpired, passwordFindings } from './passwordPolicy.js';

const policy = { minLength: 10, minClasses: 3 };
const problems = (password: string, username?: string) =>
  passwordFindings(password, policy, username).map((f) => f.problem);

describe('passwordFindings', () => {
  it('accepts a long password of three classes without runs', () => {
    expect(problems('Lantern-river7')).toEqual([]);
    expect(problems('绿水青山Jq7-wx92')).toEqual([]);
  });

  it('refuses ten identical digits (issue #18) for length of classes and the repeat', () => {
    expect(problems('1111111111')).toEqual(['too_few_classes', 'repeated']);
    expect(problems('aaaaaaaaaa', 'x')).toContain('repeated');
  });

  it('says how long and how long it should be', () => {
    const [f] = passwordFindings('Ab1-xyq', policy);
    expect(f).toEqual({ problem: 'too_short', message: '密码至少10位（当前7位）' });
  });

  it('names the missing classes', () => {
    const f = passwordFindings('lanternriver', policy).find((x) => x.problem === 'too_few_classes');
    expect(f?.message).toBe(
      '密码须包含大写字母、小写字母、数字、其他符号中至少3类（还缺：大写字母、数字、其他符号中的2类）',
    );
  });

  it('refuses ascending and descending runs of letters or digits', () => {
    expect(problems('1234567890')).toContain('sequence');
    expect(problems('Xyz-abcd-97')).toContain('sequence');
    expect(problems('Xyz-DCBA-97')).toContain('sequence');
    expect(problems('Pw-9876-Lake')).toContain('sequence');
    // Three in a row is not a run; a digit then a letter is not a sequence.
    expect(problems('Pw-123-Lake9')).toEqual([]);
  });

  it('refuses keyboard runs, along a row, reversed or down a column', () => {
    expect(problems('Qwerty-2026x')).toContain('keyboard');
    expect(problems('Lake-fdsa-97')).toContain('keyboard');
    expect(problems('1qaz-Lake-97')).toContain('keyboard');
    expect(problems('Lake-wsx-97Q')).toEqual([]);
  });

  it('refuses a password containing the username, in any case', () => {
    expect(problems('Zhangsan-2026!', 'zhangsan')).toEqual(['contains_username']);
    expect(problems('Zhangsan-2026!', 'li')).toEqual([]);
  });

  it('counts characters, not UTF-16 units', () => {
    expect(characterClasses('密码Ab1')).toEqual([true, true, true, true]);
    expect(passwordFindings('😀😀😀😀😀Ab1-', policy)[0].message).toBe('密码至少10位（当前9位）');
  });
});

describe('passwordExpired', () => {
  const changed = new Date('2026-01-01T00:00:00Z');
  it('expires after maxAgeDays, never when 0', () => {
    expect(passwordExpired(changed, new Date('2026-03-31T23:59:59Z'), 90)).toBe(false);
    expect(passwordExpired(changed, new Date('2026-04-01T00:00:00Z'), 90)).toBe(true);
    expect(passwordExpired(changed, new Date('2036-01-01T00:00:00Z'), 0)).toBe(false);
  });
});
