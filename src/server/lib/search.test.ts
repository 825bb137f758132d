import { describe, expect, it } from 'vitest';
import { escapeLike, hasHan, searchTokens } from './search.js';

describe('name search', () => {
  it('asks the token index for the pairs of characters and the org, or one character alone', () => {
    expect(searchTokens('秀英', '1.5.77')).toEqual(['秀英', '@77']);
    expect(searchTokens('王秀英', '1.5')).toEqual(['王秀', '秀英', '@5']);
    // The root carries no label; a repeated pair is asked once; spaces are ignored.
    expect(searchTokens('买买买', '1')).toEqual(['买买']);
    expect(searchTokens(' 秀 英 ')).toEqual(['秀英']);
    // One character is common (a surname): no label, so PostgreSQL estimates it well.
    expect(searchTokens('王', '1.5.77')).toEqual(['王']);
    expect(searchTokens('A·b', null)).toEqual(['a·', '·b']);
  });

  it('tells Chinese text from pinyin and escapes LIKE wildcards', () => {
    expect(hasHan('建国')).toBe(true);
    expect(hasHan('jianguo')).toBe(false);
    expect(escapeLike('50%_\\')).toBe('50\\%\\_\\\\');
  });
});
