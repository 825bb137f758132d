import { describe, expect, it } from 'vitest';
import { defaultMeetingTitle, isDefaultMeetingTitle, meetingTitle } from './titles.js';

describe('meeting titles', () => {
  it('derives the default from the kind and the month', () => {
    expect(defaultMeetingTitle('general_meeting', '2026-12-03')).toBe('2026年12月支部党员大会');
    expect(defaultMeetingTitle('theme_day', '2027-01-09')).toBe('2027年1月主题党日');
  });

  it('recognises a default of any kind and month, and nothing else', () => {
    expect(isDefaultMeetingTitle('2026年12月支部党员大会')).toBe(true);
    expect(isDefaultMeetingTitle('2027年1月党小组会')).toBe(true);
    expect(isDefaultMeetingTitle('2026年12月支部党员大会（扩大）')).toBe(false);
    expect(isDefaultMeetingTitle('2026年13月主题党日')).toBe(false);
    expect(isDefaultMeetingTitle('2026年01月主题党日')).toBe(false);
    expect(isDefaultMeetingTitle('学习全会精神专题党课')).toBe(false);
  });

  it('keeps a typed title and re-derives a default one for the kind and date', () => {
    // The defect: 支部党员大会 chosen first, then 主题党日; the untouched title must follow.
    expect(meetingTitle('2026年12月支部党员大会', 'theme_day', '2026-12-03')).toBe('2026年12月主题党日');
    expect(meetingTitle('2026年11月主题党日', 'theme_day', '2026-12-03')).toBe('2026年12月主题党日');
    expect(meetingTitle('', 'party_lecture', '2026-12-03')).toBe('2026年12月党课');
    expect(meetingTitle(null, 'party_lecture', '2026-12-03')).toBe('2026年12月党课');
    expect(meetingTitle('  冬季集中学习  ', 'theme_day', '2026-12-03')).toBe('冬季集中学习');
  });
});
