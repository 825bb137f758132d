import { describe, expect, it } from 'vitest';
import { addDays, addYears } from '../../src/domain/common/dates.js';
import { parseIdNumber } from '../../src/domain/member/id-number.js';
import { allowedChildKinds, kindHoldsMembers } from '../../src/domain/org/labels.js';
import { Rng } from '../seed/prng.js';
import type { DivProvince } from './division.js';
import { addDaysFast, addYearsFast, type GenMember, People, TARGET_SHARES } from './people.js';
import { type GenOrg, kindCounts, TreeBuilder } from './tree.js';

const TODAY = '2026-11-23';

/** A small synthetic prefecture: 4 counties of 6 towns/streets with 8 villages or communities each. */
function division(): DivProvince[] {
  const areas = Array.from({ length: 4 }, (_, a) => {
    const code = `62990${a + 1}`;
    return {
      code,
      name: `测试${'甲乙丙丁'[a]}县`,
      streets: Array.from({ length: 6 }, (_, s) => {
        const scode = `${code}${String(s + 1).padStart(3, '0')}`;
        const street = s < 2;
        return {
          code: scode,
          name: `${'东西南北中和'[s]}${'甲乙丙丁'[a]}${street ? '街道' : '镇'}`,
          villages: Array.from({ length: 8 }, (_, v) => ({
            code: `${scode}${street ? String(v + 1).padStart(3, '0') : String(200 + v + 1)}`,
            name: `${'东西南北中和'[s]}${'甲乙丙丁'[a]}${v + 1}${street ? '社区' : '村'}`,
            rural: !street,
          })),
        };
      }),
    };
  });
  return [{ code: '62', name: '甘肃省', cities: [{ code: '6299', name: '测试市', areas }] }];
}

function buildTree(seed = 11, targetOrgs = 1500, targetMembers = 20_000): GenOrg[] {
  return new TreeBuilder(new Rng(seed), { level: 'city', targetOrgs, targetMembers, today: TODAY }).build(
    division(),
  );
}

function buildMembers(orgs: GenOrg[], seed = 11): GenMember[] {
  const people = new People(new Rng(seed + 1), TODAY, '62', ['629901', '629902']);
  const members: GenMember[] = [];
  for (const b of orgs) for (let i = 0; i < b.size; i++) members.push(people.make(b, null));
  return members;
}

describe('the generated tree', () => {
  const orgs = buildTree();
  const byId = new Map(orgs.map((o) => [o.id, o]));

  it('is a tree with ltree paths of ids, depths and allowed kinds, like the app builds it', () => {
    expect(orgs[0]).toMatchObject({ parentId: null, path: '1', depth: 0, kind: 'committee' });
    for (const o of orgs.slice(1)) {
      const p = byId.get(o.parentId as number) as GenOrg;
      expect(o.path).toBe(`${p.path}.${o.id}`);
      expect(o.depth).toBe(p.depth + 1);
      expect(allowedChildKinds(p.kind)).toContain(o.kind);
      expect(o.foundedOn >= p.foundedOn && o.foundedOn <= TODAY).toBe(true);
      if (o.size > 0) expect(kindHoldsMembers(o.kind)).toBe(true);
    }
    const named = orgs.filter((o) => o.kind !== 'group');
    expect(new Set(named.map((o) => o.name)).size).toBe(named.length);
  });

  it('has a committee per county, town and street, a grassroots org per village and community', () => {
    const codes = new Set(orgs.map((o) => o.divisionCode));
    for (const a of division()[0].cities[0].areas) {
      expect(orgs.find((o) => o.divisionCode === a.code)).toMatchObject({
        kind: 'committee',
        approvesDevelopment: true,
      });
      for (const s of a.streets) {
        expect(orgs.find((o) => o.divisionCode === s.code)?.name).toMatch(
          s.name.endsWith('街道') ? /工作委员会$/ : /镇委员会$/,
        );
        for (const v of s.villages) expect(codes.has(v.code)).toBe(true);
      }
    }
    expect(orgs.filter((o) => o.sector === 'rural' && o.divisionCode?.length === 12).length).toBe(4 * 4 * 8);
  });

  it('reaches the org target with the national proportions of committees, general branches and branches', () => {
    const c = kindCounts(orgs);
    const grassroots = c.committee + c.general_branch + c.branch;
    expect(grassroots).toBeGreaterThan(1500 * 0.93);
    expect(grassroots).toBeLessThan(1500 * 1.07);
    // End-2024: 5.8 % committees, 6.3 % general branches, 87.9 % branches.
    expect(c.committee / grassroots).toBeGreaterThan(0.03);
    expect(c.committee / grassroots).toBeLessThan(0.1);
    expect(c.general_branch / grassroots).toBeGreaterThan(0.03);
    expect(c.general_branch / grassroots).toBeLessThan(0.12);
    expect(c.branch / grassroots).toBeGreaterThan(0.8);
    for (const sector of [
      'government',
      'public_institution',
      'state_enterprise',
      'private_enterprise',
      'school',
      'social_organization',
    ])
      expect(orgs.some((o) => o.sector === sector)).toBe(true);
  });

  it('sizes branches to the member target: most 10–40, some under 3 and over 50', () => {
    const sizes = orgs.filter((o) => o.size > 0).map((o) => o.size);
    const total = sizes.reduce((s, n) => s + n, 0);
    expect(Math.abs(total - 20_000) / 20_000).toBeLessThan(0.02);
    const share = (f: (n: number) => boolean) => sizes.filter(f).length / sizes.length;
    expect(share((n) => n >= 10 && n <= 40)).toBeGreaterThan(0.5);
    expect(share((n) => n < 3)).toBeGreaterThan(0.005);
    expect(share((n) => n > 50)).toBeGreaterThan(0.02);
  });

  it('is the same for the same seed and differs for another', () => {
    const again = buildTree(11);
    expect(again.map((o) => `${o.path} ${o.name} ${o.size}`)).toEqual(
      orgs.map((o) => `${o.path} ${o.name} ${o.size}`),
    );
    expect(buildTree(12).map((o) => o.name)).not.toEqual(orgs.map((o) => o.name));
  });
});

describe('the generated members', () => {
  const members = buildMembers(buildTree());
  const share = (f: (m: GenMember) => boolean) => members.filter(f).length / members.length;

  it('have the official shares within a tolerance', () => {
    expect(share((m) => m.gender === 'female')).toBeCloseTo(TARGET_SHARES.female, 1);
    expect(Math.abs(share((m) => m.ethnicity !== '01') - TARGET_SHARES.minority)).toBeLessThan(0.01);
    expect(
      Math.abs(
        share((m) => ['postgraduate', 'bachelor', 'college'].includes(m.education)) - TARGET_SHARES.college,
      ),
    ).toBeLessThan(0.1);
    expect(Math.abs(share((m) => m.age >= 61) - TARGET_SHARES.aged61)).toBeLessThan(0.06);
    expect(share((m) => m.category === 'probationary')).toBeGreaterThan(0.02);
    expect(share((m) => m.category === 'probationary')).toBeLessThan(0.04);
    // Gansu's minorities: mostly Hui (03), Tibetan (04) and Dongxiang (26).
    const minorities = members.filter((m) => m.ethnicity !== '01');
    expect(
      minorities.filter((m) => ['03', '04', '26'].includes(m.ethnicity)).length / minorities.length,
    ).toBeGreaterThan(0.8);
  });

  it('have valid, distinct GB 11643 ID numbers matching birth date and gender', () => {
    const wrong = members.filter((m) => {
      const parsed = parseIdNumber(m.idNumber);
      return !parsed.ok || parsed.birthDate !== m.birthDate || parsed.gender !== m.gender;
    });
    expect(wrong).toEqual([]);
    expect(new Set(members.map((m) => m.idNumber)).size).toBe(members.length);
  });

  it('joined at 18 or later, full members confirmed a year after joining, probationary ones within the year', () => {
    const wrong = members.filter(
      (m) =>
        m.joinedOn <= m.birthDate ||
        m.joinedOn > TODAY ||
        (m.category === 'full' ? !m.confirmedOn || m.confirmedOn > TODAY : m.confirmedOn !== null) ||
        !/^[a-z]+$/.test(m.namePinyin),
    );
    expect(wrong).toEqual([]);
  });
});

describe('the fast date arithmetic of the members', () => {
  it('gives the domain addDays and addYears for every day of 1899–2101 and offsets either way', () => {
    let day = '1899-01-01';
    let bad = 0;
    while (day <= '2101-12-31') {
      for (const n of [-36_600, -400, -365, -364, -200, -31, -1, 0, 1, 28, 59, 360, 366, 4000]) {
        if (addDaysFast(day, n) !== addDays(day, n)) bad++;
      }
      for (const n of [-92, -80, -61, -4, -1, 1, 4, 100])
        if (addYearsFast(day, n) !== addYears(day, n)) bad++;
      day = addDays(day, 1);
    }
    expect(bad).toBe(0);
  });
});
