import { describe, expect, it } from 'vitest';
import { escapeLike, hasHan, pairSearch, searchTokens } from './search.js';

describe('name search', () => {
  it('asks the token index for the pairs of characters and the org', () => {
    expect(searchTokens('秀英', '1.5.77')).toEqual(['秀英', '@77']);
    expect(searchTokens('王秀英', '1.5')).toEqual(['王秀', '秀英', '@5']);
    // A repeated pair is asked once; spaces are ignored; the root carries no label.
    expect(searchTokens('买买买', '1')).toEqual(['买买']);
    expect(searchTokens(' 秀 英 ')).toEqual(['秀英']);
    expect(searchTokens('A·b', null)).toEqual(['a·', '·b']);
  });

  it('sends only Chinese text of two characters or more to the token index', () => {
    expect(pairSearch('建国')).toBe(true);
    expect(pairSearch(' 王 ')).toBe(false);
    expect(pairSearch('jianguo')).toBe(false);
    expect(hasHan('王')).toBe(true);
    expect(hasHan('wjg')).toBe(false);
  });

  it('escapes LIKE wildcards', () => {
    expect(escapeLike('50%_\\')).toBe('50\\%\\_\\\\');
  });
});
