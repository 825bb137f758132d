import { describe, expect, it } from 'vitest';
import { scrubText, serializeError, sqlShape } from './log.js';

describe('the log scrubber', () => {
  it('hides ID numbers and mobile numbers in any text', () => {
    expect(scrubText('id 620102198001010017, 11010519491231002X; tel 13800001111')).toBe(
      'id [身份证号已隐去], [身份证号已隐去]; tel [手机号已隐去]',
    );
    expect(scrubText('+86 138-0000-1111 / 8613800001111')).toBe('[手机号已隐去] / [手机号已隐去]');
  });

  it('leaves ids, timestamps, landlines and request ids alone', () => {
    const text = '{"time":1765057648123,"member":12,"tel":"0931-8123456","reqId":"a13800001111b"}';
    expect(scrubText(text)).toBe(text);
  });
});

describe('the error serializer', () => {
  it('keeps a query shape without its literals', () => {
    expect(sqlShape("select * from members where id_number = '620102198001010017' and id = $1")).toBe(
      "select * from members where id_number = '?' and id = $1",
    );
  });

  it('drops params, detail and quoted values, keeps code and constraint', () => {
    const cause = Object.assign(new Error('invalid input syntax for type integer: "abc13800001111"'), {
      code: '22P02',
      detail: 'Key (username)=(620102198001010017) already exists.',
      constraint: 'users_username_idx',
    });
    const err = Object.assign(new Error('Failed query: select $1\nparams: 620102198001010017'), {
      query: 'select $1',
      params: ['620102198001010017'],
      cause,
    });
    const out = serializeError(err);
    const text = JSON.stringify(out);
    expect(text).not.toMatch(/620102198001010017|13800001111|already exists/);
    expect(out).toMatchObject({ message: 'Failed query: select $1', query: 'select $1', paramCount: 1 });
    expect(out.cause).toMatchObject({ code: '22P02', constraint: 'users_username_idx' });
  });
});
