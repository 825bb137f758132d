import { describe, expect, it } from 'vitest';
import { escapeLike, hasHan, searchTokens } from './search.js';

describe('name search', () => {
  it('asks the token index for pairs of characters, one character, or a pinyin prefix', () => {
    expect(searchTokens('秀英', '1.5.77')).toEqual(['秀英', '@77']);
    expect(searchTokens('王秀英', '1.5')).toEqual(['王秀', '秀英', '@5']);
    // A repeated pair is asked once; spaces are ignored; the root carries no label.
    expect(searchTokens('买买买', '1')).toEqual(['买买']);
    expect(searchTokens(' 秀 英 ')).toEqual(['秀英']);
    // A character or a prefix is common: a page does not ask for the label (see LabelUse)...
    expect(searchTokens('王', '1.5.77')).toEqual(['王']);
    expect(searchTokens('Liu ', '1.5.77')).toEqual(['k:liu']);
    // ...a count does.
    expect(searchTokens('王', '1.5.77', 'always')).toEqual(['王', '@77']);
    expect(searchTokens('liu', '1.5.77', 'always')).toEqual(['k:liu', '@77']);
    // Prefixes are indexed up to 12 letters (a longer one is rechecked on the row).
    expect(searchTokens('zhangjianguoxyz')).toEqual(['k:zhangjianguo']);
  });

  it('tells Chinese text from pinyin and escapes LIKE wildcards', () => {
    expect(hasHan('建国')).toBe(true);
    expect(hasHan('jianguo')).toBe(false);
    expect(escapeLike('50%_\\')).toBe('50\\%\\_\\\\');
  });
});
