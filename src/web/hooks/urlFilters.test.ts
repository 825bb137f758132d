import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { paging, param, parseFilters, patchParams } from './urlFilters';

const schema = z.object({
  orgId: param.int(),
  q: param.text(),
  kind: param.oneOf(['branch_meeting', 'party_lecture']),
  from: param.date(),
  month: param.month().default('2026-01'),
  unread: param.flag(),
  ...paging,
});

const parse = (query: string) => parseFilters(schema, new URLSearchParams(query));

describe('parseFilters', () => {
  it('gives the defaults for an empty address', () => {
    expect(parse('')).toEqual({
      orgId: undefined,
      q: undefined,
      kind: undefined,
      from: undefined,
      month: '2026-01',
      unread: false,
      current: 1,
      pageSize: 20,
    });
  });

  it('reads numbers, enums, dates, months and flags', () => {
    expect(
      parse(
        'orgId=12&q=张&kind=party_lecture&from=2026-03-01&month=2025-11&unread=true&current=3&pageSize=50',
      ),
    ).toEqual({
      orgId: 12,
      q: '张',
      kind: 'party_lecture',
      from: '2026-03-01',
      month: '2025-11',
      unread: true,
      current: 3,
      pageSize: 50,
    });
  });

  it('drops bad values field by field, keeping the good ones', () => {
    expect(
      parse('orgId=abc&q=&kind=picnic&from=2026-3-1&month=2026-13&unread=yes&current=0&pageSize=-5'),
    ).toEqual({
      orgId: undefined,
      q: undefined,
      kind: undefined,
      from: undefined,
      month: '2026-01',
      unread: false,
      current: 1,
      pageSize: 20,
    });
    expect(parse('orgId=1.5&current=2').orgId).toBeUndefined();
    expect(parse('orgId=1.5&current=2').current).toBe(2);
  });

  it('takes a calendar year only in this century', () => {
    const s = z.object({ year: param.year().default(2026) });
    expect(parseFilters(s, new URLSearchParams('year=2031')).year).toBe(2031);
    expect(parseFilters(s, new URLSearchParams('year=1999')).year).toBe(2026);
    expect(parseFilters(s, new URLSearchParams('year=20260')).year).toBe(2026);
  });

  it('calls a function default each time (today, say)', () => {
    let n = 0;
    const s = z.object({ year: param.int().default(() => 2000 + ++n) });
    expect(parseFilters(s, new URLSearchParams('')).year).toBe(2001);
    expect(parseFilters(s, new URLSearchParams('year=1999')).year).toBe(1999);
  });
});

describe('patchParams', () => {
  const base = () => new URLSearchParams('orgId=1&q=x&current=4&tab=remit');

  it('sets, removes empty values and goes back to page 1 on a filter change', () => {
    const next = patchParams(base(), { q: 'y', orgId: undefined, unread: true });
    expect(next.toString()).toBe('q=y&tab=remit&unread=true');
  });

  it('removes empty strings, null and false', () => {
    expect(patchParams(base(), { q: '', orgId: null, unread: false, current: 4 }).toString()).toBe(
      'current=4&tab=remit',
    );
  });

  it('keeps the page when paging itself changes or when asked to', () => {
    expect(patchParams(base(), { current: 5, pageSize: 50 }).toString()).toBe(
      'orgId=1&q=x&current=5&tab=remit&pageSize=50',
    );
    expect(patchParams(base(), { tab: undefined }, { keepPage: true }).toString()).toBe(
      'orgId=1&q=x&current=4',
    );
  });

  it('round-trips through parseFilters', () => {
    const next = patchParams(new URLSearchParams(), { orgId: 7, kind: 'branch_meeting', current: 2 });
    expect(parseFilters(schema, next)).toMatchObject({ orgId: 7, kind: 'branch_meeting', current: 2 });
  });

  it('does not change the parameters it was given', () => {
    const params = base();
    patchParams(params, { q: 'z' });
    expect(params.get('q')).toBe('x');
  });
});
