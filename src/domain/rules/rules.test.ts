import { describe, expect, it } from 'vitest';
import {
  defaultRules,
  parseRuleOverride,
  RULE_IDS,
  RuleOverrideError,
  resolveRules,
  ruleCatalog,
  ruleDef,
} from './index.js';

describe('rule catalog', () => {
  it('holds the expected defaults', () => {
    expect(defaultRules['branch.minFullMembers']).toBe(3);
    expect(defaultRules['branch.maxMembers']).toBe(50);
    expect(defaultRules['branch.committeeRequiredAt']).toBe(7);
    expect(defaultRules['branch.committeeSize']).toEqual({ min: 3, max: 5, hardMax: 7 });
    expect(defaultRules['jointBranch.maxUnits']).toBe(5);
    expect(defaultRules['generalBranch.memberRange']).toEqual({ min: 50, max: 100 });
    expect(defaultRules['committee.grassrootsThreshold']).toBe(100);
    expect(defaultRules['term.branchYears']).toBe(3);
    expect(defaultRules['term.generalBranchYears']).toBe(3);
    expect(defaultRules['term.villageCommunityYears']).toBe(5);
    expect(defaultRules['term.committeeYears']).toBe(5);
    expect(defaultRules['term.constitutionRange']).toEqual({ min: 3, max: 5 });
    expect(defaultRules['term.maxDelayMonths']).toBe(12);
    expect(defaultRules['term.reminderLeadMonths']).toBe(6);
    expect(defaultRules['member.minJoinAge']).toBe(18);
    expect(defaultRules['member.probationMonths']).toBe(12);
    expect(defaultRules['member.probationExtension']).toEqual({ minMonths: 6, maxMonths: 12 });
    expect(defaultRules['member.lostContactSuspendMonths']).toBe(6);
  });

  it('gives every rule a Chinese title, a citation and a value that fits its own schema', () => {
    expect(ruleCatalog.length).toBe(RULE_IDS.length);
    expect(new Set(ruleCatalog.map((r) => r.id)).size).toBe(ruleCatalog.length);
    for (const def of ruleCatalog) {
      expect(def.title, def.id).toMatch(/[\u4e00-\u9fff]/);
      expect(def.citation, def.id).toMatch(/[\u4e00-\u9fff]/);
      expect(['verified', 'secondary', 'memory', 'uncertain']).toContain(def.confidence);
      // Configurable defaults must pass the same validation an override does.
      if (def.configurable) expect(parseRuleOverride(def.id, def.value)).toEqual(def.value);
    }
  });

  it('keeps the Party Constitution rules non-configurable', () => {
    for (const id of [
      'branch.minFullMembers',
      'term.constitutionRange',
      'member.minJoinAge',
      'member.probationMonths',
      'member.probationExtension',
      'member.probationaryElectable',
    ] as const) {
      expect(ruleDef(id).configurable, id).toBe(false);
      expect(ruleDef(id).citation, id).toContain('《中国共产党章程》');
    }
  });

  it('cites the articles from the rules sheet', () => {
    expect(ruleDef('term.constitutionRange').citation).toContain('第三十一条');
    expect(ruleDef('branch.maxMembers').citation).toContain('第四条');
    expect(ruleDef('member.lostContactSuspendMonths').citation).toContain('党员教育管理工作条例》第二十四条');
    expect(ruleDef('term.reminderLeadMonths').confidence).toBe('secondary');
    expect(ruleDef('generalBranch.memberRange').note).toContain('含本数');
  });

  it('freezes the defaults', () => {
    expect(Object.isFrozen(defaultRules)).toBe(true);
    expect(Object.isFrozen(defaultRules['branch.committeeSize'])).toBe(true);
    expect(() => {
      (defaultRules as Record<string, unknown>)['branch.maxMembers'] = 1;
    }).toThrow(TypeError);
  });
});

describe('resolveRules', () => {
  it('returns the defaults without overrides', () => {
    expect(resolveRules({})).toEqual(defaultRules);
  });

  it('applies valid overrides of configurable rules and leaves the rest', () => {
    const rules = resolveRules({
      'branch.maxMembers': 60,
      'term.reminderLeadMonths': 3,
      'branch.committeeSize': { min: 3, max: 7, hardMax: 9 },
    });
    expect(rules['branch.maxMembers']).toBe(60);
    expect(rules['term.reminderLeadMonths']).toBe(3);
    expect(rules['branch.committeeSize']).toEqual({ min: 3, max: 7, hardMax: 9 });
    expect(rules['branch.minFullMembers']).toBe(3);
    expect(defaultRules['branch.maxMembers']).toBe(50);
  });

  it('copies object overrides so the settings object cannot change the rules later', () => {
    const value = { min: 40, max: 120 };
    const rules = resolveRules({ 'generalBranch.memberRange': value });
    value.min = 1;
    expect(rules['generalBranch.memberRange'].min).toBe(40);
  });

  it('refuses a non-configurable rule, naming it', () => {
    expect(() => resolveRules({ 'branch.minFullMembers': 2 })).toThrow(RuleOverrideError);
    expect(() => resolveRules({ 'branch.minFullMembers': 2 })).toThrow(/branch\.minFullMembers.*不允许修改/);
  });

  it('refuses an unknown rule id', () => {
    try {
      resolveRules({ 'branch.maxMember': 60 });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(RuleOverrideError);
      expect((e as RuleOverrideError).ruleId).toBe('branch.maxMember');
      expect((e as Error).message).toContain('不存在');
    }
  });

  it.each([
    ['branch.maxMembers', '60'],
    ['branch.maxMembers', 60.5],
    ['branch.maxMembers', 0],
    ['branch.maxMembers', null],
    ['term.branchYears', 6], // outside the Party Constitution's 3–5 years
    ['term.committeeYears', 2],
    ['branch.committeeSize', { min: 5, max: 3, hardMax: 7 }],
    ['branch.committeeSize', { min: 3, max: 5 }],
    ['branch.committeeSize', { min: 3, max: 5, hardMax: 7, extra: 1 }],
    ['branch.committeeSize', [3, 5, 7]],
    ['generalBranch.memberRange', { min: '50', max: 100 }],
  ])('refuses %s = %j with a Chinese message naming the rule', (id, value) => {
    expect(() => resolveRules({ [id]: value })).toThrow(RuleOverrideError);
    expect(() => resolveRules({ [id]: value })).toThrow(new RegExp(`${id.replace('.', '\\.')}.*取值无效`));
  });

  it('explains an inverted range with the Chinese key names', () => {
    expect(() => parseRuleOverride('generalBranch.memberRange', { min: 120, max: 100 })).toThrow(
      '下限(min)不能大于上限(max)',
    );
  });
});
