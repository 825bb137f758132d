// Members of a generated register with the official shares (end-2024 national statistics): women
// 30.9 %, ethnic minorities 7.7 %, college-educated 57.6 %, about 28 % aged 61 or more, a few
// per cent probationary. Sector and age shift the odds as in the real register (villages and
// communities are older, government and schools more educated); the totals land on the shares.

import { personNameKeys } from '../../src/domain/common/pinyin.js';
import type { EducationLevel } from '../../src/domain/member/education.js';
import { ETHNICITIES } from '../../src/domain/member/ethnicities.js';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import type { Sector } from '../../src/domain/org/labels.js';
import { type Gender, personName } from '../seed/names.js';
import { type Rng, WeightedTable } from '../seed/prng.js';
import type { GenOrg } from './tree.js';

/**
 * The domain's `addDays` and `addYears` (common/dates.ts) on integers, without a Date object per
 * call: a member takes six of them, and the Date getters were 17 % of the main thread's time in the
 * province's members step (a CPU profile of the running generator). Days are counted with Howard
 * Hinnant's civil-calendar formulas; the results are the domain's for years 1–9999 (gen.test.ts
 * compares them day by day).
 */
function daysFromCivil(y0: number, m: number, d: number): number {
  const y = m <= 2 ? y0 - 1 : y0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m > 2 ? m - 3 : m + 9) + 2) / 5) + d - 1;
  return era * 146_097 + yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy - 719_468;
}
const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));
const ymd = (y: number, m: number, d: number) => `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
const part = (s: string, from: number, to: number) => {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + s.charCodeAt(i) - 48;
  return n;
};
export function addDaysFast(date: string, n: number): string {
  let z = daysFromCivil(part(date, 0, 4), part(date, 5, 7), part(date, 8, 10)) + n + 719_468;
  const era = Math.floor(z / 146_097);
  z -= era * 146_097;
  const yoe = Math.floor((z - Math.floor(z / 1460) + Math.floor(z / 36_524) - Math.floor(z / 146_096)) / 365);
  const doy = z - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return ymd(yoe + era * 400 + (m <= 2 ? 1 : 0), m, d);
}
/** 02-29 becomes 02-28 in a non-leap target year, as the domain's addYears (through addMonths). */
export function addYearsFast(date: string, n: number): string {
  const y = part(date, 0, 4) + n;
  const m = part(date, 5, 7);
  const d = part(date, 8, 10);
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return ymd(y, m, m === 2 && d === 29 && !leap ? 28 : d);
}
const addDays = addDaysFast;
const addYears = addYearsFast;

export const TARGET_SHARES = {
  female: 0.309,
  minority: 0.077,
  college: 0.576,
  aged61: 0.28,
  probationary: 0.03,
};

/** Minority groups by province (GB 3304 names); the national mix elsewhere. */
const MINORITY_MIX: Record<string, ReadonlyArray<readonly [string, number]>> = {
  '62': [
    ['回族', 55],
    ['藏族', 18],
    ['东乡族', 15],
    ['土族', 3],
    ['裕固族', 2],
    ['保安族', 2],
    ['撒拉族', 2],
    ['满族', 2],
    ['蒙古族', 1],
  ],
  national: [
    ['壮族', 20],
    ['回族', 13],
    ['满族', 12],
    ['维吾尔族', 8],
    ['苗族', 8],
    ['彝族', 7],
    ['土家族', 7],
    ['藏族', 5],
    ['蒙古族', 5],
    ['东乡族', 1],
  ],
};

/** Age bands [lo, hi, weight] of members still at work, by sector. */
const WORKING_AGES: Record<string, Array<[number, number, number]>> = {
  rural: [
    [18, 30, 8],
    [31, 45, 22],
    [46, 60, 36],
    [61, 75, 24],
    [76, 95, 10],
  ],
  community: [
    [18, 30, 7],
    [31, 45, 16],
    [46, 60, 24],
    [61, 75, 32],
    [76, 95, 21],
  ],
  default: [
    [22, 30, 18],
    [31, 45, 42],
    [46, 60, 40],
  ],
};
/** Share of unit members who are retirees (离退休党员 stay in their unit's retiree branches). */
const RETIRED_SHARE = 0.27;

const FEMALE: Record<Sector, number> = {
  rural: 0.18,
  community: 0.38,
  government: 0.27,
  public_institution: 0.36,
  state_enterprise: 0.2,
  private_enterprise: 0.24,
  social_organization: 0.34,
  school: 0.42,
  other: 0.27,
};
const COLLEGE: Record<Sector, number> = {
  rural: 0.1,
  community: 0.4,
  government: 0.82,
  public_institution: 0.7,
  state_enterprise: 0.52,
  private_enterprise: 0.4,
  social_organization: 0.52,
  school: 0.85,
  other: 0.5,
};

const PHONE_PREFIXES =
  '130 131 132 133 135 136 137 138 139 150 151 152 153 155 156 157 158 159 173 177 180 181 186 187 188 189 199'.split(
    ' ',
  );

export interface GenMember {
  id: number;
  orgId: number;
  orgPath: string;
  groupId: number | null;
  name: string;
  namePinyin: string;
  nameInitials: string;
  gender: Gender;
  ethnicity: string;
  birthDate: string;
  idNumber: string;
  phone: string | null;
  education: EducationLevel;
  workUnit: string | null;
  category: 'full' | 'probationary';
  status: 'active' | 'mobile' | 'lost_contact';
  joinedOn: string;
  confirmedOn: string | null;
  age: number;
}

export class People {
  /** ID numbers handed out, by birthplace (one Set per county: V8 caps a Set at 2^24 entries). */
  private readonly ids = new Map<string, Set<string>>();
  private readonly keys = new Map<string, { pinyin: string; initials: string }>();
  private readonly ethnicCode = new Map<string, string>();
  private readonly minorities: WeightedTable<string>;
  nextId = 1;

  constructor(
    private readonly rng: Rng,
    private readonly today: string,
    provinceCode: string,
    /** County codes of the province (birthplaces of members born elsewhere in it). */
    private readonly areaCodes: readonly string[],
  ) {
    for (const e of ETHNICITIES) this.ethnicCode.set(e.name, e.code);
    this.minorities = new WeightedTable(MINORITY_MIX[provinceCode] ?? MINORITY_MIX.national);
  }

  /** Distinct names seen so far (their pinyin keys are computed once each). */
  get distinctNames(): number {
    return this.keys.size;
  }

  make(org: GenOrg, groupId: number | null): GenMember {
    const rng = this.rng;
    const sector = org.sector;
    const territorial = sector === 'rural' || sector === 'community';
    const probationary = rng.chance(TARGET_SHARES.probationary);
    let age: number;
    if (probationary) age = rng.int(19, rng.chance(0.8) ? 35 : 50);
    else if (!territorial && rng.chance(RETIRED_SHARE)) age = rng.int(61, rng.chance(0.7) ? 75 : 92);
    else {
      const [lo, hi] = rng.weighted(
        (WORKING_AGES[sector] ?? WORKING_AGES.default).map((b) => [b, b[2]] as const),
      );
      age = rng.int(lo, hi);
    }
    const birthDate = addDays(addYears(this.today, -age), -rng.int(0, 364));
    let femaleP = FEMALE[sector];
    if (age >= 70) femaleP *= 0.75;
    else if (age < 36) femaleP *= 1.3;
    const gender: Gender = rng.chance(femaleP) ? 'female' : 'male';
    const group = rng.chance(TARGET_SHARES.minority) ? this.minorities.draw(rng) : '汉族';
    const name = personName(rng, gender, Number(birthDate.slice(0, 4)), group);
    let keys = this.keys.get(name);
    if (!keys) {
      keys = personNameKeys(name);
      this.keys.set(name, keys);
    }
    let joinedOn: string;
    let confirmedOn: string | null = null;
    if (probationary) joinedOn = addDays(this.today, -rng.int(10, 360));
    else {
      const joinAge = rng.weighted<[number, number]>([
        [[18, 19], 5],
        [[20, 25], 38],
        [[26, 35], 37],
        [[36, 45], 14],
        [[46, 58], 6],
      ]);
      joinedOn = addDays(
        addYears(birthDate, Math.min(age - 1, rng.int(joinAge[0], joinAge[1]))),
        rng.int(0, 364),
      );
      const latest = addYears(this.today, -1);
      if (joinedOn > latest) joinedOn = addDays(latest, -rng.int(0, 200));
      confirmedOn = addYears(joinedOn, 1);
    }
    const r = rng.next();
    const mobileP = age < 50 && (sector === 'rural' || sector === 'private_enterprise') ? 0.07 : 0.015;
    const status = probationary
      ? 'active'
      : r < mobileP
        ? 'mobile'
        : r < mobileP + 0.003
          ? 'lost_contact'
          : 'active';
    return {
      id: this.nextId++,
      orgId: org.kind === 'group' ? (org.parentId as number) : org.id,
      orgPath: org.path,
      groupId,
      name,
      namePinyin: keys.pinyin,
      nameInitials: keys.initials,
      gender,
      ethnicity: this.ethnicCode.get(group) ?? '01',
      birthDate,
      idNumber: this.idNumber(org.areaCode, birthDate, gender),
      phone:
        age >= 85 && rng.chance(0.3)
          ? null
          : rng.pick(PHONE_PREFIXES) + String(rng.int(0, 99_999_999)).padStart(8, '0'),
      education: this.education(sector, age),
      workUnit: org.unit,
      category: probationary ? 'probationary' : 'full',
      status,
      joinedOn,
      confirmedOn,
      age,
    };
  }

  private education(sector: Sector, age: number): EducationLevel {
    const rng = this.rng;
    const factor = age < 36 ? 1.25 : age <= 60 ? 1.05 : age <= 75 ? 0.55 : 0.3;
    if (rng.chance(Math.min(0.99, COLLEGE[sector] * factor))) {
      if (rng.chance(age < 45 && (sector === 'government' || sector === 'school') ? 0.25 : 0.04))
        return 'postgraduate';
      return rng.chance(age > 55 ? 0.35 : 0.6) ? 'bachelor' : 'college';
    }
    if (age >= 65)
      return rng.weighted([
        ['high_school', 25],
        ['secondary_vocational', 10],
        ['middle_school', 35],
        ['primary_or_below', 30],
      ]);
    return rng.weighted([
      ['high_school', 35],
      ['secondary_vocational', 30],
      ['middle_school', 30],
      ['primary_or_below', 5],
    ]);
  }

  /** A valid GB 11643 number, unique in the run: birthplace, birth date, sex digit, check character. */
  idNumber(area: string, birthDate: string, gender: Gender): string {
    const rng = this.rng;
    const place = rng.chance(0.7) || this.areaCodes.length === 0 ? area : rng.pick(this.areaCodes);
    const born = birthDate.replaceAll('-', '');
    for (;;) {
      const seq = rng.int(0, 499) * 2 + (gender === 'male' ? 1 : 0);
      const rest = `${born}${String(seq).padStart(3, '0')}`;
      let seen = this.ids.get(place);
      if (!seen) {
        seen = new Set();
        this.ids.set(place, seen);
      }
      if (seen.has(rest)) continue;
      seen.add(rest);
      const first17 = place + rest;
      return first17 + idNumberCheckDigit(first17);
    }
  }
}
