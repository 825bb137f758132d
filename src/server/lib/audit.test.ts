import { describe, expect, it } from 'vitest';
import { scrubPii, scrubPiiText } from './audit.js';

describe('scrubPii: no clear ID number or phone reaches the audit log', () => {
  it('masks the known keys at any depth, and leaves masks as they are', () => {
    expect(
      scrubPii({
        idNumber: '620102198001010017',
        nested: { phone: '13812345678', id_number: '62010219800101001x' },
        list: [{ phone: '0931-8123456' }],
        already: { idNumber: '620102************', phone: '138****5678' },
      }),
    ).toEqual({
      idNumber: '620102************',
      nested: { phone: '138****5678', id_number: '620102************' },
      list: [{ phone: '093*******56' }],
      already: { idNumber: '620102************', phone: '138****5678' },
    });
  });

  it('scrubs the patterns under any other key and in free text', () => {
    expect(scrubPii({ note: '核对 620102198001010017，电话 138 1234 5678', n: 3, d: null })).toEqual({
      note: '核对 620102************，电话 138****5678',
      n: 3,
      d: null,
    });
    expect(scrubPiiText('reason: 13812345678')).toBe('reason: 138****5678');
    // Ids and dates are not phones or ID numbers.
    expect(scrubPiiText('成员 12345，2026-11-23')).toBe('成员 12345，2026-11-23');
  });
});
