import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  idNumberCheckDigit,
  maskIdNumber,
  maskPhone,
  normalizeIdNumber,
  parseIdNumber,
} from './id-number.js';

const PROVINCES = ['11', '31', '44', '50', '62', '65', '81'];

/** Valid ID numbers: real province, any 4 digits, a real birth date 1900–2099, any sequence, the right check. */
const validIdArb = fc
  .record({
    province: fc.constantFrom(...PROVINCES),
    rest: fc.stringMatching(/^\d{4}$/),
    birth: fc.date({
      min: new Date('1900-01-01T00:00:00Z'),
      max: new Date('2099-12-31T00:00:00Z'),
      noInvalidDate: true,
    }),
    seq: fc.stringMatching(/^\d{3}$/),
  })
  .map(({ province, rest, birth, seq }) => {
    const first17 = `${province}${rest}${birth.toISOString().slice(0, 10).replaceAll('-', '')}${seq}`;
    return first17 + idNumberCheckDigit(first17);
  });

describe('idNumberCheckDigit', () => {
  it('computes the GB 11643 check character', () => {
    // The standard's own worked example and a well-known X case.
    expect(idNumberCheckDigit('11010519491231002')).toBe('X');
    expect(idNumberCheckDigit('44052418800101001')).toBe('4');
    expect(idNumberCheckDigit('62010219900101123')).toBe('3'); // hand-computed: 174 mod 11 = 9
  });

  it('rejects anything but 17 digits', () => {
    expect(() => idNumberCheckDigit('1234')).toThrow(RangeError);
    expect(() => idNumberCheckDigit('1101051949123100X')).toThrow(RangeError);
  });
});

describe('parseIdNumber', () => {
  it('extracts birth date, gender and division code', () => {
    expect(parseIdNumber('11010519491231002X')).toEqual({
      ok: true,
      idNumber: '11010519491231002X',
      birthDate: '1949-12-31',
      gender: 'female',
      divisionCode: '110105',
    });
    const male = parseIdNumber('620102199001011233');
    expect(male.ok && male.gender).toBe('male');
    expect(male.ok && male.birthDate).toBe('1990-01-01');
  });

  it('accepts lower-case x, spaces and full-width digits, normalising them', () => {
    const r = parseIdNumber(' 110105 19491231 002x ');
    expect(r).toMatchObject({ ok: true, idNumber: '11010519491231002X' });
    expect(parseIdNumber('１１０１０５１９４９１２３１００２Ｘ')).toMatchObject({ ok: true });
  });

  it('reports a wrong length', () => {
    expect(parseIdNumber('11010519491231002')).toEqual({ ok: false, message: '长度应为18位' });
    expect(parseIdNumber('')).toEqual({ ok: false, message: '长度应为18位' });
    expect(parseIdNumber('110105194912310021X')).toEqual({ ok: false, message: '长度应为18位' });
  });

  it('reports a malformed number', () => {
    expect(parseIdNumber('1101051949123100XX')).toEqual({ ok: false, message: '格式不正确' });
    expect(parseIdNumber('11010519491231002Y')).toEqual({ ok: false, message: '格式不正确' });
    // No province has code 00 or 99.
    const first17 = '00010519491231002';
    expect(parseIdNumber(first17 + idNumberCheckDigit(first17))).toEqual({
      ok: false,
      message: '格式不正确',
    });
  });

  it('reports an impossible birth date', () => {
    for (const birth of ['19490230', '19491301', '18991231', '20230229']) {
      const first17 = `110105${birth}002`;
      expect(parseIdNumber(first17 + idNumberCheckDigit(first17))).toEqual({
        ok: false,
        message: '出生日期无效',
      });
    }
    const leap = '110105200002290021';
    expect(parseIdNumber(leap.slice(0, 17) + idNumberCheckDigit(leap.slice(0, 17))).ok).toBe(true);
  });

  it('reports a wrong check character and says what it should be', () => {
    expect(parseIdNumber('110105194912310021')).toEqual({ ok: false, message: '校验码错误，应为X' });
    expect(parseIdNumber('62010219900101123X')).toEqual({ ok: false, message: '校验码错误，应为3' });
  });

  it('parses every generated valid number', () => {
    fc.assert(
      fc.property(validIdArb, (id) => {
        const r = parseIdNumber(id);
        expect(r.ok).toBe(true);
        if (r.ok) {
          expect(r.birthDate.replaceAll('-', '')).toBe(id.slice(6, 14));
          expect(r.gender).toBe(Number(id[16]) % 2 === 1 ? 'male' : 'female');
          expect(r.divisionCode).toBe(id.slice(0, 6));
        }
      }),
    );
  });

  it('rejects every single-character change of a valid number', () => {
    fc.assert(
      fc.property(
        validIdArb,
        fc.integer({ min: 0, max: 17 }),
        fc.integer({ min: 1, max: 10 }),
        (id, pos, shift) => {
          const alphabet = pos === 17 ? '0123456789X' : '0123456789';
          const current = alphabet.indexOf(id[pos]);
          const replacement = alphabet[(current + shift) % alphabet.length];
          fc.pre(replacement !== id[pos]);
          const changed = id.slice(0, pos) + replacement + id.slice(pos + 1);
          expect(parseIdNumber(changed).ok).toBe(false);
        },
      ),
    );
  });

  it('rejects every swap of two adjacent different digits in the body', () => {
    // MOD 11-2 also catches transpositions, the other common typing error.
    fc.assert(
      fc.property(validIdArb, fc.integer({ min: 0, max: 15 }), (id, pos) => {
        fc.pre(id[pos] !== id[pos + 1]);
        const swapped = id.slice(0, pos) + id[pos + 1] + id[pos] + id.slice(pos + 2);
        expect(parseIdNumber(swapped).ok).toBe(false);
      }),
    );
  });
});

describe('normalizeIdNumber', () => {
  it('strips whitespace and upper-cases x', () => {
    expect(normalizeIdNumber(' 11010519491231002x\n')).toBe('11010519491231002X');
  });
});

describe('maskIdNumber', () => {
  it('keeps the division code only: birth date, sequence and check character hidden', () => {
    expect(maskIdNumber('62010219900101123X')).toBe('620102************');
    expect(maskIdNumber('62010219900101123x')).toBe('620102************');
  });

  it('cannot be completed from the birth date and gender shown elsewhere', () => {
    const parsed = parseIdNumber('620102198001010017');
    if (!parsed.ok) throw new Error('fixture');
    const masked = maskIdNumber(parsed.idNumber);
    // Region + birth date + gender parity + a valid check character: the numbers that fit.
    const fits: string[] = [];
    for (let seq = 0; seq < 1000; seq++) {
      const body = `${masked.slice(0, 6)}${parsed.birthDate.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
      if ((seq % 2 === 1) === (parsed.gender === 'male')) fits.push(body + idNumberCheckDigit(body));
    }
    expect(fits).toContain(parsed.idNumber);
    expect(fits.length).toBe(500);
  });

  it('never reveals the birth date, whatever the length', () => {
    expect(maskIdNumber('620102900101123')).toBe('620102*********');
    expect(maskIdNumber('1234567')).toBe('*******');
    expect(maskIdNumber('123')).toBe('***');
    expect(maskIdNumber('')).toBe('');
  });
});

describe('maskPhone', () => {
  it('masks the middle four digits of a mobile', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
  });

  it('keeps the first 3 and the last 2 of anything else', () => {
    expect(maskPhone('0931-8123456')).toBe('093*******56');
    expect(maskPhone('12345')).toBe('*****');
  });
});
