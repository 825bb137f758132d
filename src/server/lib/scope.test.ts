import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Actor } from './actor.js';
import { Scope } from './scope.js';

describe('Scope', () => {
  it('keeps only the outermost roots', () => {
    expect(Scope.of(['1.2.5', '1.2', '1.3', '1.2'], null).roots).toEqual(['1.2', '1.3']);
    // 1.20 is not inside 1.2: label boundaries, not string prefixes.
    expect(Scope.of(['1.2', '1.20'], null).roots).toEqual(['1.2', '1.20']);
  });

  it('contains a path exactly when one root is the path or its ancestor', () => {
    const label = fc.integer({ min: 1, max: 30 }).map(String);
    const path = fc.array(label, { minLength: 1, maxLength: 5 }).map((l) => l.join('.'));
    fc.assert(
      fc.property(fc.array(path, { maxLength: 4 }), path, (roots, p) => {
        const inside = roots.some((r) => p.split('.').slice(0, r.split('.').length).join('.') === r);
        expect(Scope.of(roots, null).containsPath(p)).toBe(inside);
      }),
    );
  });

  it('is empty with no roots and no own record', () => {
    expect(Scope.of([], null).isEmpty).toBe(true);
    expect(Scope.of([], 7).isEmpty).toBe(false);
  });
});

describe('Actor.scope', () => {
  const actor = new Actor(1, 'u', 'U', 42, [
    { role: 'secretary', orgId: 5, orgPath: '1.2.5', orgName: '甲支部' },
    { role: 'member', orgId: 5, orgPath: '1.2.5', orgName: '甲支部' },
    { role: 'auditor', orgId: 3, orgPath: '1.3', orgName: '乙区' },
  ]);

  it('unions the subtrees of the roles that grant the permission', () => {
    expect(actor.scope('member.read').roots).toEqual(['1.2.5']);
    expect(actor.scope('member.read').selfMemberId).toBe(42);
    expect(actor.scope('audit.read').roots).toEqual(['1.3']);
    expect(actor.scope('org.write').isEmpty).toBe(true);
  });

  it('gives a plain member only their own record', () => {
    const m = new Actor(2, 'm', 'M', 9, [{ role: 'member', orgId: 5, orgPath: '1.2.5', orgName: '甲支部' }]);
    expect(m.scope('member.read').roots).toEqual([]);
    expect(m.scope('member.read').selfMemberId).toBe(9);
    expect(m.can('member.write')).toBe(false);
  });
});
