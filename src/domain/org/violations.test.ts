import { describe, expect, it } from 'vitest';
import { defaultRules, resolveRules } from '../rules/index.js';
import { checkOrgViolations, type OrgViolationInput } from './violations.js';

const TODAY = '2026-06-01';

/** A healthy 10-member branch with a 3-person committee and a term running 2025-01-10 → 2028-01-10. */
const healthy: OrgViolationInput = {
  kind: 'branch',
  sector: 'government',
  status: 'active',
  fullMembers: 9,
  probationaryMembers: 1,
  committee: { size: 3, hasSecretary: true, probationaryMemberIds: [] },
  term: { termStart: '2025-01-10', termEnd: '2028-01-10' },
};

type Patch = Partial<Omit<OrgViolationInput, 'committee'>> & {
  committee?: Partial<OrgViolationInput['committee']>;
};

const run = (patch: Patch = {}, today = TODAY, rules = defaultRules) =>
  checkOrgViolations(
    { ...healthy, ...patch, committee: { ...healthy.committee, ...patch.committee } } as OrgViolationInput,
    rules,
    today,
  );
const codes = (patch: Patch = {}, today = TODAY, rules = defaultRules) =>
  run(patch, today, rules).map((v) => v.code);
const find = (code: string, patch: Patch = {}, today = TODAY) =>
  run(patch, today).find((v) => v.code === code);

/** A small branch: fewer than 7 full members, so a secretary alone is enough. */
const small: Patch = { fullMembers: 5, probationaryMembers: 0, committee: { size: 1 } };

describe('checkOrgViolations: a healthy org', () => {
  it('has no violations', () => {
    expect(run()).toEqual([]);
    expect(run(small)).toEqual([]);
  });

  it('reports nothing for a dissolved org, however broken', () => {
    expect(
      run({ status: 'dissolved', fullMembers: 0, committee: { size: 0, hasSecretary: false }, term: null }),
    ).toEqual([]);
  });

  it('carries the rule id and its citation on every violation', () => {
    const all = run({
      fullMembers: 2,
      committee: { hasSecretary: false, probationaryMemberIds: [7] },
      term: null,
    });
    expect(all.length).toBeGreaterThan(2);
    for (const v of all) {
      expect(v.ruleId).toMatch(/^[a-zA-Z]+\.[a-zA-Z]+$/);
      expect(v.citation).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('lists errors before warnings before info', () => {
    const severities = run({
      fullMembers: 2,
      committee: { hasSecretary: false, probationaryMemberIds: [7] },
      term: null,
    }).map((v) => v.severity);
    expect(severities).toEqual(
      [...severities].sort(
        (a, b) => ['error', 'warning', 'info'].indexOf(a) - ['error', 'warning', 'info'].indexOf(b),
      ),
    );
    expect(severities[0]).toBe('error');
    expect(severities.at(-1)).toBe('info');
  });
});

describe('branch_too_few_full_members (3)', () => {
  it('is an error below 3 full members and suggests a joint branch', () => {
    const v = find('branch_too_few_full_members', { ...small, fullMembers: 2 });
    expect(v).toMatchObject({ severity: 'error', ruleId: 'branch.minFullMembers' });
    expect(v?.message).toContain('正式党员2名');
    expect(v?.message).toContain('不足3名');
    expect(v?.message).toContain('联合党支部');
    expect(v?.citation).toContain('第四条');
  });

  it('does not fire at exactly 3', () => {
    expect(codes({ ...small, fullMembers: 3 })).not.toContain('branch_too_few_full_members');
  });

  it('counts full members only: probationary members do not make up the number', () => {
    expect(codes({ ...small, fullMembers: 2, probationaryMembers: 5 })).toContain(
      'branch_too_few_full_members',
    );
  });

  it('applies to joint branches with a remedy of their own', () => {
    const v = find('branch_too_few_full_members', { ...small, kind: 'joint_branch', fullMembers: 0 });
    expect(v?.message).toContain('联合党支部现有正式党员0名');
    expect(v?.message).toContain('并入其他党支部');
  });

  it('does not apply to committees or general branches', () => {
    expect(codes({ kind: 'committee', fullMembers: 2, committee: { size: 5 } })).not.toContain(
      'branch_too_few_full_members',
    );
    expect(codes({ kind: 'general_branch', fullMembers: 2, committee: { size: 5 } })).not.toContain(
      'branch_too_few_full_members',
    );
  });
});

describe('committee_required (7)', () => {
  it('warns at exactly 7 full members without a committee', () => {
    const v = find('committee_required', { fullMembers: 7, probationaryMembers: 0, committee: { size: 1 } });
    expect(v).toMatchObject({ severity: 'warning', ruleId: 'branch.committeeRequiredAt' });
    expect(v?.message).toContain('正式党员7名');
    expect(v?.message).toContain('3至5人');
    expect(v?.message).toContain('现有班子成员1名');
  });

  it('does not fire at 6 full members', () => {
    expect(codes({ fullMembers: 6, committee: { size: 1 } })).not.toContain('committee_required');
  });

  it('is satisfied by a committee of 3', () => {
    expect(codes({ fullMembers: 7, committee: { size: 2 } })).toContain('committee_required');
    expect(codes({ fullMembers: 7, committee: { size: 3 } })).not.toContain('committee_required');
  });

  it('counts full members only', () => {
    expect(codes({ fullMembers: 6, probationaryMembers: 3, committee: { size: 1 } })).not.toContain(
      'committee_required',
    );
  });

  it('follows an override of the threshold', () => {
    const rules = resolveRules({ 'branch.committeeRequiredAt': 9 });
    expect(codes({ fullMembers: 8, committee: { size: 1 } }, TODAY, rules)).not.toContain(
      'committee_required',
    );
    expect(codes({ fullMembers: 9, committee: { size: 1 } }, TODAY, rules)).toContain('committee_required');
  });
});

describe('branch_too_large (50)', () => {
  it('does not fire at exactly 50 members', () => {
    expect(codes({ fullMembers: 45, probationaryMembers: 5 })).not.toContain('branch_too_large');
  });

  it('warns at 51 members, counting probationary members, and suggests splitting', () => {
    const v = find('branch_too_large', { fullMembers: 45, probationaryMembers: 6 });
    expect(v).toMatchObject({ severity: 'warning', ruleId: 'branch.maxMembers' });
    expect(v?.message).toContain('党员51名');
    expect(v?.message).toContain('50名');
    expect(v?.message).toContain('党总支');
  });

  it('follows an override', () => {
    const rules = resolveRules({ 'branch.maxMembers': 60 });
    expect(codes({ fullMembers: 55 }, TODAY, rules)).not.toContain('branch_too_large');
  });

  it('does not apply to committees, whose counts are subtree totals', () => {
    expect(codes({ kind: 'committee', fullMembers: 500, committee: { size: 5 } })).not.toContain(
      'branch_too_large',
    );
  });
});

describe('committee_size_out_of_range (7)', () => {
  it('accepts up to 7 committee members', () => {
    expect(codes({ committee: { size: 7 } })).not.toContain('committee_size_out_of_range');
  });

  it('warns at 8', () => {
    const v = find('committee_size_out_of_range', { committee: { size: 8 } });
    expect(v).toMatchObject({ severity: 'warning', ruleId: 'branch.committeeSize' });
    expect(v?.message).toContain('现有8人');
    expect(v?.message).toContain('7人');
  });
});

describe('no_secretary', () => {
  it('warns for an active org without a secretary', () => {
    const v = find('no_secretary', { committee: { hasSecretary: false } });
    expect(v).toMatchObject({ severity: 'warning', ruleId: 'org.secretaryRequired' });
    expect(v?.message).toContain('党支部未配备书记');
    expect(
      find('no_secretary', { kind: 'committee', committee: { size: 5, hasSecretary: false } })?.message,
    ).toContain('党委未配备书记');
  });

  it('does not apply to party groups', () => {
    expect(codes({ kind: 'group', committee: { size: 0, hasSecretary: false }, term: null })).toEqual([]);
  });
});

describe('probationary_in_committee', () => {
  it('is an error citing PC Art. 7, with the count', () => {
    const v = find('probationary_in_committee', { committee: { probationaryMemberIds: [11, 12] } });
    expect(v).toMatchObject({ severity: 'error', ruleId: 'member.probationaryElectable' });
    expect(v?.message).toContain('2名预备党员');
    expect(v?.message).toContain('没有被选举权');
    expect(v?.citation).toContain('《中国共产党章程》第七条');
  });

  it('does not fire without probationary committee members', () => {
    expect(codes()).not.toContain('probationary_in_committee');
  });
});

describe('no_term', () => {
  it('is info for committees, general branches and branches without a term', () => {
    for (const kind of ['committee', 'general_branch', 'branch', 'joint_branch'] as const) {
      const v = find('no_term', { kind, term: null });
      expect(v, kind).toMatchObject({ severity: 'info', ruleId: 'term.constitutionRange' });
    }
  });

  it('does not apply to party groups', () => {
    expect(codes({ kind: 'group', term: null })).not.toContain('no_term');
  });
});

describe('term_ended', () => {
  const term = { termStart: '2023-06-01', termEnd: '2026-06-01' };

  it('does not fire on the day the term ends', () => {
    expect(codes({ term }, '2026-06-01')).not.toContain('term_ended');
  });

  it('is an error the day after, naming the date', () => {
    const v = find('term_ended', { term }, '2026-06-02');
    expect(v).toMatchObject({ severity: 'error', ruleId: 'term.maxDelayMonths' });
    expect(v?.message).toContain('任期已于2026-06-01届满，应及时换届');
    expect(v?.message).toContain('须报上级党组织批准');
    expect(codes({ term }, '2026-06-02')).not.toContain('term_ending_soon');
  });

  it('says when the one-year limit on delay has also passed', () => {
    expect(find('term_ended', { term }, '2027-06-01')?.message).not.toContain('超过延期换届');
    const v = find('term_ended', { term }, '2027-06-02');
    expect(v?.message).toContain('已逾期1年');
    expect(v?.message).toContain('超过延期换届一般不超过1年的期限');
  });
});

describe('term_ending_soon (6 months)', () => {
  const term = { termStart: '2023-12-01', termEnd: '2026-12-01' };

  it('does not fire the day before the window opens', () => {
    expect(codes({ term }, '2026-05-31')).not.toContain('term_ending_soon');
  });

  it('fires exactly 6 months out', () => {
    const v = find('term_ending_soon', { term }, '2026-06-01');
    expect(v).toMatchObject({ severity: 'warning', ruleId: 'term.reminderLeadMonths' });
    expect(v?.message).toContain('任期将于2026-12-01届满（183天后）');
  });

  it('fires on the last day of the term, saying today', () => {
    expect(find('term_ending_soon', { term }, '2026-12-01')?.message).toContain('（今天）');
  });

  it('counts the window back from a month-end term end', () => {
    const monthEnd = { termStart: '2023-08-31', termEnd: '2026-08-31' };
    expect(codes({ term: monthEnd }, '2026-02-27')).not.toContain('term_ending_soon');
    expect(codes({ term: monthEnd }, '2026-02-28')).toContain('term_ending_soon');
  });

  it('follows an override of the lead time', () => {
    const rules = resolveRules({ 'term.reminderLeadMonths': 3 });
    expect(codes({ term }, '2026-06-01', rules)).not.toContain('term_ending_soon');
    expect(codes({ term }, '2026-09-01', rules)).toContain('term_ending_soon');
  });
});

describe('term_length_invalid (3–5 years)', () => {
  it('accepts exactly 3 and exactly 5 years', () => {
    expect(codes({ term: { termStart: '2025-01-10', termEnd: '2028-01-10' } })).toEqual([]);
    expect(codes({ term: { termStart: '2025-01-10', termEnd: '2030-01-10' } })).toEqual([]);
  });

  it('warns a day short of 3 years or a day past 5', () => {
    const short = find('term_length_invalid', { term: { termStart: '2025-01-10', termEnd: '2028-01-09' } });
    expect(short).toMatchObject({ severity: 'warning', ruleId: 'term.constitutionRange' });
    expect(short?.message).toContain('3至5年');
    expect(short?.message).toContain('任期约2年11个月');
    expect(codes({ term: { termStart: '2025-01-10', termEnd: '2030-01-11' } })).toContain(
      'term_length_invalid',
    );
  });

  it('handles a leap-day start like addYears', () => {
    expect(codes({ term: { termStart: '2024-02-29', termEnd: '2027-02-28' } })).not.toContain(
      'term_length_invalid',
    );
  });

  it('reports an end before the start', () => {
    expect(
      find('term_length_invalid', { term: { termStart: '2026-01-10', termEnd: '2025-01-10' } })?.message,
    ).toContain('届满日期不晚于开始日期');
  });
});

describe('probation_overdue', () => {
  const base = {
    kind: 'branch' as const,
    sector: 'community' as const,
    status: 'active' as const,
    fullMembers: 10,
    probationaryMembers: 2,
    committee: { size: 3, hasSecretary: true, probationaryMemberIds: [] },
    term: { termStart: '2025-01-01', termEnd: '2030-01-01' },
  };

  it('warns when probationary members wait past their year, citing the rule', () => {
    const v = checkOrgViolations({ ...base, probationOverdue: 2 }, defaultRules, '2026-11-23').find(
      (x) => x.code === 'probation_overdue',
    );
    expect(v?.severity).toBe('warning');
    expect(v?.message).toMatch(/2名预备党员预备期已满/);
    expect(v?.citation).toMatch(/党章/);
  });

  it('says nothing when none is overdue or the count is not given', () => {
    for (const input of [{ ...base, probationOverdue: 0 }, base]) {
      expect(checkOrgViolations(input, defaultRules, '2026-11-23').map((x) => x.code)).not.toContain(
        'probation_overdue',
      );
    }
  });
});
