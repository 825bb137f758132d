import { describe, expect, it } from 'vitest';
import { checkValue, INPUT_LIMITS, textProblem } from './input.js';

describe('text checked at the edge', () => {
  it('refuses NUL, lone surrogates, C0/C1 controls and bidi overrides', () => {
    expect(textProblem('张\u0000三', true)).toMatch(/空字符/);
    expect(textProblem('a\ud800', true)).toMatch(/孤立代理项/);
    expect(textProblem('\udc00b', true)).toMatch(/孤立代理项/);
    expect(textProblem('\u001b[31m', true)).toMatch(/控制字符/);
    expect(textProblem('\u0085', true)).toMatch(/控制字符/);
    expect(textProblem('\u202eexe.xlsx', true)).toMatch(/文字方向/);
  });

  it('accepts line breaks and tabs in the body only, and whole surrogate pairs and joiners everywhere', () => {
    expect(textProblem('第一行\r\n第二行\t完', true)).toBeNull();
    expect(textProblem('第一行\n第二行', false)).toMatch(/换行/);
    expect(textProblem('𠀀𪚥 👨‍👩‍👧', false)).toBeNull();
  });

  it('names the top-level field the bad value sits under, however deep', () => {
    const { problem } = checkValue({ name: 'ok', votes: [{ title: 'x\u0000' }] }, 'body');
    expect(problem).toEqual({ field: 'votes', message: '含有空字符（NUL）' });
    expect(checkValue({ 'a\u0000': 1 }, 'query').problem?.message).toMatch(/字段名含有空字符/);
  });

  it('normalises to NFC in place, and a bare string through the returned value', () => {
    const body = { name: 'Jose\u0301', list: ['e\u0301'] };
    expect(checkValue(body, 'body').problem).toBeNull();
    expect(body).toEqual({ name: 'Jos\u00e9', list: ['\u00e9'] });
    expect(checkValue('e\u0301', 'body').value).toBe('\u00e9');
  });

  it('refuses absurd shapes without recursing into them', () => {
    let deep: unknown = [];
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(checkValue({ a: deep }, 'body').problem).toEqual({ field: 'a', message: '层级过深（超过20层）' });
    const wide = Object.fromEntries(Array.from({ length: INPUT_LIMITS.keys + 1 }, (_, i) => [`k${i}`, i]));
    expect(checkValue(wide, 'body').problem?.message).toMatch(/字段过多/);
    expect(checkValue({ ids: new Array(INPUT_LIMITS.items + 1).fill(1) }, 'body').problem?.message).toMatch(
      /条目过多/,
    );
    expect(checkValue({ q: 'x'.repeat(INPUT_LIMITS.stringLength + 1) }, 'query').problem?.message).toMatch(
      /过长/,
    );
  });
});
