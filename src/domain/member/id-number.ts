/**
 * The 18-character resident identity number (公民身份号码, GB 11643-1999) and masking of sensitive
 * fields.
 *
 * Layout: 6-digit division code of the place of first registration, 8-digit birth date, 3-digit
 * sequence (odd for men, even for women), and an ISO 7064 MOD 11-2 check character. The check
 * character catches every single-character typo, which is why we verify it instead of trusting a
 * pattern: the register is only as good as the numbers in it.
 *
 * ID numbers and phone numbers are sensitive personal information (DESIGN §4.9): every list and log
 * shows them masked; only an audited reveal shows them whole.
 */
import { type IsoDate, isIsoDate } from '../common/dates.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'] as const;

/**
 * Province-level codes in use (GB/T 2260, plus 81/82/83 for Hong Kong, Macao and Taiwan residence
 * permits, which share this format). A number starting with anything else was mistyped; checking it
 * costs nothing and rejects garbage that happens to pass the 1-in-11 check character.
 */
const PROVINCE_CODES = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82 83'.split(
    ' ',
  ),
);

/** The earliest birth year accepted: no living member was born earlier, so an older date is a typo. */
const MIN_BIRTH_YEAR = 1900;

/** The check character for the first 17 digits. Throws if `first17` is not 17 digits (a programming error). */
export function idNumberCheckDigit(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new RangeError('身份证号本体码应为17位数字');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * WEIGHTS[i];
  return CHECK_CHARS[sum % 11];
}

/**
 * Canonical form for storing and comparing: surrounding and inner whitespace removed, full-width
 * characters folded (people paste from Word and WeChat), and a lower-case x made upper-case.
 */
export function normalizeIdNumber(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, '').toUpperCase();
}

export type ParsedIdNumber =
  | { ok: true; idNumber: string; birthDate: IsoDate; gender: 'male' | 'female'; divisionCode: string }
  | { ok: false; message: string };

/** Validates a resident ID number and extracts what it encodes. Messages are Chinese, for the form. */
export function parseIdNumber(s: string): ParsedIdNumber {
  const id = normalizeIdNumber(s);
  if (id.length !== 18) return { ok: false, message: '长度应为18位' };
  if (!/^\d{17}[\dX]$/.test(id) || !PROVINCE_CODES.has(id.slice(0, 2))) {
    return { ok: false, message: '格式不正确' };
  }
  const birthDate = `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`;
  if (!isIsoDate(birthDate) || Number(id.slice(6, 10)) < MIN_BIRTH_YEAR) {
    return { ok: false, message: '出生日期无效' };
  }
  const expected = idNumberCheckDigit(id.slice(0, 17));
  if (id[17] !== expected) return { ok: false, message: `校验码错误，应为${expected}` };
  return {
    ok: true,
    idNumber: id,
    birthDate,
    gender: Number(id[16]) % 2 === 1 ? 'male' : 'female',
    divisionCode: id.slice(0, 6),
  };
}

/**
 * 620102************: the division code only. The birth date, the sequence and the check character
 * are all hidden (issue #18): a mask that kept the last four let anyone who also saw the birth date
 * (shown on the member's record) rebuild the whole number. With the region, the birth date and the
 * gender known, about 500 numbers remain, and none of them can be checked without the server's
 * keyed hash. Other lengths (legacy 15-digit numbers, junk) keep at most the division code.
 */
export function maskIdNumber(s: string): string {
  const id = normalizeIdNumber(s);
  if (id.length >= 11) return `${id.slice(0, 6)}${'*'.repeat(id.length - 6)}`;
  return '*'.repeat(id.length);
}

/** 138****5678 for an 11-digit mobile; otherwise the first 3 and the last 2 characters stay visible. */
export function maskPhone(s: string): string {
  const phone = s.normalize('NFKC').trim();
  if (/^1\d{10}$/.test(phone)) return `${phone.slice(0, 3)}****${phone.slice(-4)}`;
  if (phone.length > 5) return `${phone.slice(0, 3)}${'*'.repeat(phone.length - 5)}${phone.slice(-2)}`;
  return '*'.repeat(phone.length);
}
