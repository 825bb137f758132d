/**
 * The password policy (等保 2.0, GB/T 22239-2019 8.1.4.1 a: "身份鉴别信息具有复杂度要求并定期更换"),
 * pure: the server checks it on every password an account is given (change, creation, reset), the
 * web form shows the same findings while the user types.
 *
 * The numbers (length, classes, history, expiry) are rules in the catalog (`password.*`, with
 * citations and confidence); the standard says "complexity" without numbers, so they are
 * deployment choices and configurable. What makes a password trivial is fixed here.
 */

export interface PasswordPolicy {
  /** Fewest characters (catalog `password.minLength`). */
  minLength: number;
  /** Fewest of the four classes: upper case, lower case, digits, other (`password.minClasses`). */
  minClasses: number;
}

/** The longest a password may be: the login body allows 200; scrypt cost does not depend on it. */
export const PASSWORD_MAX_LENGTH = 128;

export type PasswordProblem =
  | 'too_short'
  | 'too_long'
  | 'too_few_classes'
  | 'repeated'
  | 'sequence'
  | 'keyboard'
  | 'contains_username';

export interface PasswordFinding {
  problem: PasswordProblem;
  message: string;
}

const CLASS_LABELS = ['大写字母', '小写字母', '数字', '其他符号'] as const;

/** Which of the four classes the password uses, in CLASS_LABELS order. */
export function characterClasses(password: string): boolean[] {
  return [
    /[A-Z]/.test(password),
    /[a-z]/.test(password),
    /[0-9]/.test(password),
    /[^A-Za-z0-9]/.test(password),
  ];
}

/** A run this long of one character, an alphabet/digit sequence or a keyboard row is trivial. */
export const TRIVIAL_RUN = 4;

// Rows of a QWERTY keyboard (what Chinese users type on too) and its columns ("1qaz", "2wsx").
const KEYBOARD_LINES = [
  '`1234567890-=',
  'qwertyuiop[]\\',
  "asdfghjkl;'",
  'zxcvbnm,./',
  '1qaz',
  '2wsx',
  '3edc',
  '4rfv',
  '5tgb',
  '6yhn',
  '7ujm',
  '8ik,',
  '9ol.',
  '0p;/',
];

/** True when `s` has TRIVIAL_RUN characters in a row that step by +1 or −1 (abcd, 4321, DCBA). */
function hasSequence(s: string): boolean {
  const lower = s.toLowerCase();
  let up = 1;
  let down = 1;
  for (let i = 1; i < lower.length; i++) {
    const d = lower.charCodeAt(i) - lower.charCodeAt(i - 1);
    const sameKind = /[a-z]/.test(lower[i]) === /[a-z]/.test(lower[i - 1]) && /[a-z0-9]/.test(lower[i]);
    up = sameKind && d === 1 ? up + 1 : 1;
    down = sameKind && d === -1 ? down + 1 : 1;
    if (up >= TRIVIAL_RUN || down >= TRIVIAL_RUN) return true;
  }
  return false;
}

/** True when `s` contains TRIVIAL_RUN neighbouring keys of one keyboard line, either direction. */
function hasKeyboardRun(s: string): boolean {
  const lower = s.toLowerCase();
  for (let i = 0; i + TRIVIAL_RUN <= lower.length; i++) {
    const piece = lower.slice(i, i + TRIVIAL_RUN);
    const reversed = [...piece].reverse().join('');
    if (KEYBOARD_LINES.some((line) => line.includes(piece) || line.includes(reversed))) return true;
  }
  return false;
}

function hasRepeat(s: string): boolean {
  return new RegExp(`(.)\\1{${TRIVIAL_RUN - 1}}`, 'u').test(s);
}

/**
 * Every way the password falls short, each with a Chinese message naming what is missing; empty
 * when it is acceptable. History (not one of the last few) needs the stored hashes and is checked
 * by the server.
 */
export function passwordFindings(
  password: string,
  policy: PasswordPolicy,
  username?: string,
): PasswordFinding[] {
  const findings: PasswordFinding[] = [];
  const length = [...password].length;
  if (length < policy.minLength)
    findings.push({ problem: 'too_short', message: `密码至少${policy.minLength}位（当前${length}位）` });
  if (length > PASSWORD_MAX_LENGTH)
    findings.push({ problem: 'too_long', message: `密码不能超过${PASSWORD_MAX_LENGTH}位` });
  const classes = characterClasses(password);
  const used = classes.filter(Boolean).length;
  if (used < policy.minClasses) {
    const missing = CLASS_LABELS.filter((_, i) => !classes[i]).join('、');
    findings.push({
      problem: 'too_few_classes',
      message: `密码须包含大写字母、小写字母、数字、其他符号中至少${policy.minClasses}类（还缺：${missing}中的${policy.minClasses - used}类）`,
    });
  }
  if (hasRepeat(password))
    findings.push({ problem: 'repeated', message: `密码不能含有${TRIVIAL_RUN}个及以上相同的连续字符` });
  if (hasSequence(password))
    findings.push({
      problem: 'sequence',
      message: `密码不能含有${TRIVIAL_RUN}位及以上的连续字母或数字（如1234、abcd、4321）`,
    });
  if (hasKeyboardRun(password))
    findings.push({ problem: 'keyboard', message: '密码不能含有键盘上相邻的按键序列（如qwer、asdf、1qaz）' });
  const name = username?.trim().toLowerCase();
  if (name && name.length >= 3 && password.toLowerCase().includes(name))
    findings.push({ problem: 'contains_username', message: '密码不能包含用户名' });
  return findings;
}

/**
 * Whether the password has expired: `maxAgeDays` 0 means never (catalog `password.maxAgeDays`).
 * Dates are instants; a day is 24 hours here, a business calendar would add nothing.
 */
export function passwordExpired(changedAt: Date, now: Date, maxAgeDays: number): boolean {
  return maxAgeDays > 0 && now.getTime() - changedAt.getTime() >= maxAgeDays * 86_400_000;
}
