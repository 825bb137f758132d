import { describe, expect, it } from 'vitest';
import { audienceLabel, audiencesOf, normalizeAudience, type PersonFacts, reaches } from './audience.js';

const plain: PersonFacts = {
  member: true,
  secretary: false,
  committee: false,
  probationary: false,
  activist: false,
};

describe('audience', () => {
  it('a plain member is in 全体党员 only', () => {
    expect(audiencesOf(plain)).toEqual(['all']);
    expect(reaches(['all'], plain)).toBe(true);
    expect(reaches(['secretaries', 'committee'], plain)).toBe(false);
    expect(reaches(['probationary'], plain)).toBe(false);
  });

  it('a secretary is also on the committee', () => {
    const sec = { ...plain, secretary: true };
    expect(audiencesOf(sec)).toEqual(['all', 'secretaries', 'committee']);
    expect(reaches(['committee'], sec)).toBe(true);
    const deputy = { ...plain, committee: true };
    expect(reaches(['secretaries'], deputy)).toBe(false);
    expect(reaches(['committee'], deputy)).toBe(true);
  });

  it('a probationary member is reached by 预备党员 items', () => {
    const p = { ...plain, probationary: true };
    expect(reaches(['probationary'], p)).toBe(true);
    expect(reaches(['secretaries'], p)).toBe(false);
  });

  it('an activist is not a member: only 入党积极分子 items reach them', () => {
    const a: PersonFacts = {
      member: false,
      secretary: false,
      committee: false,
      probationary: false,
      activist: true,
    };
    expect(audiencesOf(a)).toEqual(['activists']);
    expect(reaches(['all'], a)).toBe(false);
    expect(reaches(['activists'], a)).toBe(true);
    // A member who left keeps no audience (a committee row without the member counts for nothing).
    expect(audiencesOf({ ...plain, member: false, secretary: true })).toEqual([]);
  });

  it('stores the audience in catalog order, without repeats, never empty', () => {
    expect(normalizeAudience(['committee', 'all', 'committee'])).toEqual(['all', 'committee']);
    expect(normalizeAudience([])).toEqual(['all']);
    expect(audienceLabel(['secretaries', 'committee'])).toBe('书记、班子成员');
  });
});
