import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { joinPeriodOf } from './classifications.js';
import { type RegisterEvent, replayMember, stateOn } from './register-replay.js';

let nextId = 1;
const ev = (
  e: Partial<RegisterEvent> & Pick<RegisterEvent, 'kind' | 'occurredOn' | 'orgId'>,
): RegisterEvent => ({
  id: nextId++,
  memberId: 1,
  status: null,
  category: null,
  leaveReason: null,
  ...e,
});
const inA = (orgId: number) => orgId === 1 || orgId === 2;

describe('register replay', () => {
  it('counts a development, a confirmation and a transfer out in one year', () => {
    const events = [
      ev({
        kind: 'registered',
        occurredOn: '2025-03-01',
        orgId: 1,
        status: 'active',
        category: 'probationary',
      }),
      ev({ kind: 'status_changed', occurredOn: '2025-09-01', orgId: 1, status: 'active', category: 'full' }),
      ev({ kind: 'transferred', occurredOn: '2025-11-01', orgId: 9 }),
    ];
    const p = replayMember(events, '2025-03-01', '2025-01-01', '2025-12-31', inA);
    expect(p.openingIn).toBe(false);
    expect(p.closingIn).toBe(false);
    expect(p.increases).toEqual(['developed']);
    expect(p.decreases).toEqual(['transferred_out']);
    expect(p.confirmed).toBe(true);
    expect(p.closing).toEqual({ orgId: 9, status: 'active', category: 'full' });
  });

  it('a move inside the set is no change; leaving names its reason; a late registration is not a development', () => {
    const events = [
      ev({ kind: 'registered', occurredOn: '2025-02-01', orgId: 1, status: 'active', category: 'full' }),
      ev({ kind: 'transferred', occurredOn: '2025-04-01', orgId: 2 }),
      ev({
        kind: 'status_changed',
        occurredOn: '2025-06-30',
        orgId: 2,
        status: 'left',
        leaveReason: 'lapsed',
      }),
    ];
    const p = replayMember(events, '2001-07-01', '2025-01-01', '2025-12-31', inA);
    expect(p.increases).toEqual(['recorded']);
    expect(p.decreases).toEqual(['lapsed']);
    expect(stateOn(events, '2025-05-01')).toEqual({ orgId: 2, status: 'active', category: 'full' });
  });

  it('opening + increases − decreases = closing, for any history', () => {
    const event = fc.record({
      kind: fc.constantFrom('registered', 'transferred', 'status_changed', 'updated'),
      day: fc.integer({ min: 0, max: 900 }),
      orgId: fc.integer({ min: 1, max: 4 }),
      status: fc.option(fc.constantFrom('active', 'mobile', 'lost_contact', 'left', 'deceased')),
      category: fc.option(fc.constantFrom('full', 'probationary')),
    });
    fc.assert(
      fc.property(fc.array(event, { maxLength: 8 }), (raw) => {
        const events = raw.map((r, i) => ({
          id: i + 1,
          memberId: 1,
          kind: r.kind,
          occurredOn: new Date(Date.UTC(2024, 6, 1) + r.day * 86_400_000).toISOString().slice(0, 10),
          orgId: r.orgId,
          status: r.status,
          category: r.category,
          leaveReason: null,
        }));
        const p = replayMember(events, '2024-01-01', '2025-01-01', '2025-12-31', inA);
        expect(Number(p.openingIn) + p.increases.length - p.decreases.length).toBe(Number(p.closingIn));
      }),
    );
  });
});

describe('classifications', () => {
  it('periods of joining at the days that name them', () => {
    expect(joinPeriodOf('1949-09-30').code).toBe('pre1949');
    expect(joinPeriodOf('1949-10-01').code).toBe('1949_1978');
    expect(joinPeriodOf('1978-12-17').code).toBe('1949_1978');
    expect(joinPeriodOf('1978-12-18').code).toBe('1978_2012');
    expect(joinPeriodOf('2012-11-08').code).toBe('since2012');
  });
});
