import { describe, expect, it } from 'vitest';
import { defaultRules } from '../rules/index.js';
import { idNumberCheckDigit } from './id-number.js';
import {
  checkMemberProfile,
  expectedConfirmationDate,
  type MemberProfileInput,
  phonePattern,
  probationDue,
} from './profile-rules.js';

const TODAY = '2026-06-01';

const idFor = (birth: string, seq = '123') => {
  const first17 = `620102${birth.replaceAll('-', '')}${seq}`;
  return first17 + idNumberCheckDigit(first17);
};

/** A consistent full member: male (odd sequence), born 1990-01-01, admitted 2015-07-01, confirmed a year later. */
const base: MemberProfileInput = {
  name: '张三丰',
  gender: 'male',
  ethnicity: '01',
  birthDate: '1990-01-01',
  idNumber: idFor('1990-01-01'),
  phone: '13812345678',
  education: 'bachelor',
  category: 'full',
  status: 'active',
  joinedOn: '2015-07-01',
  confirmedOn: '2016-07-01',
};

const check = (patch: Partial<Record<keyof MemberProfileInput, unknown>>) =>
  checkMemberProfile({ ...base, ...patch } as MemberProfileInput, defaultRules, TODAY);

const fields = (patch: Partial<Record<keyof MemberProfileInput, unknown>>) =>
  check(patch).map((e) => e.field);

describe('checkMemberProfile: a consistent entry', () => {
  it('has no errors', () => {
    expect(checkMemberProfile(base, defaultRules, TODAY)).toEqual([]);
  });

  it('accepts a probationary member without a confirmation date', () => {
    expect(check({ category: 'probationary', joinedOn: '2025-09-01', confirmedOn: undefined })).toEqual([]);
  });

  it('accepts missing optional fields given as null', () => {
    expect(
      check({ idNumber: null, phone: null, confirmedOn: '2016-07-01', leaveReason: null, leftOn: null }),
    ).toEqual([]);
  });

  it('starts every message with the Chinese field name', () => {
    const errors = check({ name: '张', phone: '123', joinedOn: '2027-01-01' });
    expect(errors.find((e) => e.field === 'name')?.message).toMatch(/^姓名：/);
    expect(errors.find((e) => e.field === 'phone')?.message).toMatch(/^联系电话：/);
    expect(errors.find((e) => e.field === 'joinedOn')?.message).toMatch(/^入党日期：/);
  });
});

describe('name', () => {
  it('must be 2 to 30 characters', () => {
    expect(fields({ name: '张' })).toEqual(['name']);
    expect(fields({ name: '' })).toEqual(['name']);
    expect(fields({ name: '   ' })).toEqual(['name']);
    expect(fields({ name: '张三' })).toEqual([]);
    expect(fields({ name: '阿'.repeat(30) })).toEqual([]);
    expect(fields({ name: '阿'.repeat(31) })).toEqual(['name']);
  });

  it('counts a character outside the BMP as one', () => {
    expect(fields({ name: '𠮷' })).toEqual(['name']);
    expect(fields({ name: '𠮷野' })).toEqual([]);
  });
});

describe('ethnicity, gender and education', () => {
  it('must be known codes', () => {
    expect(fields({ ethnicity: '57' })).toEqual(['ethnicity']);
    expect(fields({ ethnicity: '汉族' })).toEqual(['ethnicity']);
    expect(fields({ ethnicity: '56' })).toEqual([]);
    expect(fields({ gender: 'other', idNumber: null })).toEqual(['gender']);
    expect(fields({ education: 'phd' })).toEqual(['education']);
  });
});

describe('birthDate', () => {
  it('must be a real date, not in the future, not before 1900', () => {
    expect(check({ birthDate: '1990-02-30', idNumber: null })).toEqual([
      { field: 'birthDate', message: '出生日期：日期无效，应为YYYY-MM-DD' },
    ]);
    expect(fields({ birthDate: '2026-06-02', idNumber: null })).toContain('birthDate');
    expect(fields({ birthDate: '1899-12-31', idNumber: null })).toContain('birthDate');
  });
});

describe('idNumber', () => {
  it('reports an invalid number with the parser message', () => {
    expect(check({ idNumber: '62010219900101123' })).toEqual([
      { field: 'idNumber', message: '身份证号：长度应为18位' },
    ]);
    const bad = `${idFor('1990-01-01').slice(0, 17)}0`;
    expect(check({ idNumber: bad })[0].message).toMatch(/^身份证号：校验码错误，应为/);
  });

  it('must agree with the birth date', () => {
    const errors = check({ idNumber: idFor('1990-01-02') });
    expect(errors).toHaveLength(1);
    expect(errors[0].field).toBe('idNumber');
    expect(errors[0].message).toContain('1990-01-02');
    expect(errors[0].message).toContain('出生日期');
  });

  it('must agree with the gender, as a separate error', () => {
    const errors = check({ idNumber: idFor('1990-01-02', '124') });
    expect(errors.map((e) => e.field)).toEqual(['idNumber', 'idNumber']);
    expect(errors[1].message).toContain('性别（女）与填写的性别（男）不一致');
  });

  it('accepts a lower-case x', () => {
    // Odd sequences keep the gender male; about one in eleven ends in X.
    const withX = Array.from({ length: 50 }, (_, i) => idFor('1990-01-01', String(101 + 2 * i))).find((n) =>
      n.endsWith('X'),
    );
    expect(withX).toBeDefined();
    expect(check({ idNumber: withX!.toLowerCase() })).toEqual([]);
  });
});

describe('phone', () => {
  it.each(['13812345678', '19912345678', '0931-8123456', '09318123456', '010-12345678', '0931-8123456-801'])(
    'accepts %s',
    (phone) => {
      expect(phonePattern.test(phone)).toBe(true);
      expect(fields({ phone })).toEqual([]);
    },
  );

  it.each(['12812345678', '1381234567', '138123456789', '8123456', '0931-812345', 'abc'])(
    'rejects %s',
    (phone) => {
      expect(phonePattern.test(phone)).toBe(false);
      expect(fields({ phone })).toEqual(['phone']);
    },
  );
});

describe('joinedOn and the minimum age (PC Art. 1)', () => {
  it('requires 18 full years on the day of admission', () => {
    const young = { birthDate: '2000-06-15', idNumber: idFor('2000-06-15') };
    expect(fields({ ...young, joinedOn: '2018-06-14', confirmedOn: '2019-06-14' })).toEqual(['joinedOn']);
    expect(check({ ...young, joinedOn: '2018-06-14', confirmedOn: '2019-06-14' })[0].message).toBe(
      '入党日期：入党时应年满18周岁，按出生日期入党时为17周岁',
    );
    expect(fields({ ...young, joinedOn: '2018-06-15', confirmedOn: '2019-06-15' })).toEqual([]);
  });

  it('must not be in the future or before birth', () => {
    expect(fields({ joinedOn: '2026-06-02', confirmedOn: undefined, category: 'probationary' })).toEqual([
      'joinedOn',
    ]);
    expect(fields({ joinedOn: '2026-06-01', confirmedOn: undefined, category: 'probationary' })).toEqual([]);
    expect(check({ joinedOn: '1989-01-01', confirmedOn: '1990-01-01' }).map((e) => e.message)).toContain(
      '入党日期：不能早于出生日期',
    );
  });

  it('is required', () => {
    expect(fields({ joinedOn: undefined })).toContain('joinedOn');
  });
});

describe('confirmedOn and probation (PC Art. 7)', () => {
  it('is required for full members and forbidden for probationary ones', () => {
    expect(fields({ confirmedOn: undefined })).toEqual(['confirmedOn']);
    expect(check({ category: 'probationary', joinedOn: '2025-09-01', confirmedOn: '2026-05-01' })).toEqual([
      { field: 'confirmedOn', message: '转正日期：预备党员不应有转正日期' },
    ]);
  });

  it('cannot be earlier than the end of the 12-month probation', () => {
    expect(fields({ confirmedOn: '2016-06-30' })).toEqual(['confirmedOn']);
    expect(check({ confirmedOn: '2016-06-30' })[0].message).toBe(
      '转正日期：不能早于预备期满之日2016-07-01（入党日期加12个月预备期）',
    );
    expect(fields({ confirmedOn: '2016-07-01' })).toEqual([]);
    expect(fields({ confirmedOn: '2016-09-01' })).toEqual([]); // late approval dates are tolerated
  });

  it('counts an extension', () => {
    expect(fields({ probationExtendedMonths: 6, confirmedOn: '2016-12-31' })).toEqual(['confirmedOn']);
    expect(check({ probationExtendedMonths: 6, confirmedOn: '2016-12-31' })[0].message).toContain(
      '再延长6个月',
    );
    expect(fields({ probationExtendedMonths: 6, confirmedOn: '2017-01-01' })).toEqual([]);
    expect(fields({ probationExtendedMonths: 12, confirmedOn: '2017-07-01' })).toEqual([]);
  });

  it('must not be in the future', () => {
    expect(check({ category: 'full', joinedOn: '2025-07-01', confirmedOn: '2026-07-01' })).toEqual([
      { field: 'confirmedOn', message: '转正日期：不能晚于今天（2026-06-01）' },
    ]);
  });

  it('limits an extension to 6–12 months', () => {
    for (const bad of [1, 5, 13, 24, 6.5, -6]) {
      expect(fields({ probationExtendedMonths: bad }), String(bad)).toEqual(['probationExtendedMonths']);
    }
    for (const ok of [0, 6, 9, 12]) {
      expect(fields({ probationExtendedMonths: ok, confirmedOn: '2017-07-01' }), String(ok)).toEqual([]);
    }
  });
});

describe('status, leaveReason and leftOn', () => {
  const left = { status: 'left', leaveReason: 'withdrew', leftOn: '2020-01-01' };

  it('accepts a complete leaving record', () => {
    expect(check(left)).toEqual([]);
  });

  it('requires a reason and a date when left', () => {
    expect(fields({ ...left, leaveReason: undefined })).toEqual(['leaveReason']);
    expect(fields({ ...left, leftOn: undefined })).toEqual(['leftOn']);
    expect(fields({ ...left, leaveReason: 'fired' })).toEqual(['leaveReason']);
  });

  it('forbids a reason or a date unless left', () => {
    expect(fields({ leaveReason: 'expelled' })).toEqual(['leaveReason']);
    expect(fields({ leftOn: '2020-01-01' })).toEqual(['leftOn']);
    expect(fields({ status: 'deceased', leaveReason: 'removed' })).toEqual(['leaveReason']);
  });

  it('keeps leftOn between joining and today', () => {
    expect(fields({ ...left, leftOn: '2014-01-01' })).toEqual(['leftOn']);
    expect(fields({ ...left, leftOn: '2026-06-02' })).toEqual(['leftOn']);
  });

  it('rejects an unknown status', () => {
    expect(fields({ status: 'retired' })).toEqual(['status']);
  });
});

describe('expectedConfirmationDate', () => {
  it('adds probation and extension as one month count', () => {
    expect(expectedConfirmationDate('2024-07-01', undefined, defaultRules)).toBe('2025-07-01');
    expect(expectedConfirmationDate('2024-07-01', 6, defaultRules)).toBe('2026-01-01');
    expect(expectedConfirmationDate('2023-08-31', 6, defaultRules)).toBe('2025-02-28');
    expect(expectedConfirmationDate('2024-02-29', null, defaultRules)).toBe('2025-02-28');
  });
});

describe('probationDue', () => {
  it('is null for full members', () => {
    expect(probationDue({ category: 'full', joinedOn: '2025-01-01' }, TODAY, defaultRules)).toBeNull();
  });

  it('is due a year after admission and overdue only after that day', () => {
    const m = { category: 'probationary' as const, joinedOn: '2025-06-01' };
    expect(probationDue(m, '2026-05-31', defaultRules)).toEqual({ dueOn: '2026-06-01', overdue: false });
    expect(probationDue(m, '2026-06-01', defaultRules)).toEqual({ dueOn: '2026-06-01', overdue: false });
    expect(probationDue(m, '2026-06-02', defaultRules)).toEqual({ dueOn: '2026-06-01', overdue: true });
  });

  it('moves with an extension', () => {
    const m = { category: 'probationary' as const, joinedOn: '2025-01-15', probationExtendedMonths: 6 };
    expect(probationDue(m, TODAY, defaultRules)).toEqual({ dueOn: '2026-07-15', overdue: false });
  });
});
