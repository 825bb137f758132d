import { describe, expect, it } from 'vitest';
import { ageOn } from '../common/dates.js';
import { AGE_BANDS, ageBandBirthRange, ageBandOf } from './age-bands.js';

describe('age bands', () => {
  it('cover every age once, in order', () => {
    expect(ageBandOf(18)).toBe('le30');
    expect(ageBandOf(30)).toBe('le30');
    expect(ageBandOf(31)).toBe('31-35');
    expect(ageBandOf(35)).toBe('31-35');
    expect(ageBandOf(60)).toBe('56-60');
    expect(ageBandOf(61)).toBe('ge61');
    expect(ageBandOf(99)).toBe('ge61');
    expect(AGE_BANDS.map((b) => b.label)).toContain('61岁及以上');
  });

  it('birth-date bounds agree with ageOn on either side of a birthday', () => {
    const today = '2026-11-23';
    for (const birth of [
      '1995-11-23',
      '1995-11-24',
      '1990-11-23',
      '1990-11-24',
      '1965-11-23',
      '1965-11-24',
    ]) {
      const band = ageBandOf(ageOn(birth, today));
      const r = ageBandBirthRange(band, today);
      expect(r.bornAfter === null || birth > r.bornAfter).toBe(true);
      expect(r.bornOnOrBefore === null || birth <= r.bornOnOrBefore).toBe(true);
    }
    expect(ageBandBirthRange('31-35', today)).toEqual({
      bornAfter: '1990-11-23',
      bornOnOrBefore: '1995-11-23',
    });
  });
});
