/**
 * Consistency rules for one member's register entry.
 *
 * The register is the base of every figure the system reports, so an entry is checked as a whole:
 * dates against each other and against today, the ID number against the birth date and gender it
 * encodes, the category against the probation rules of the Party Constitution (Art. 7). All errors
 * are returned at once, each naming its field, so that the form can show them together.
 */
import { addMonths, ageOn, compareDates, type IsoDate, isIsoDate } from '../common/dates.js';
import type { Rules } from '../rules/index.js';
import { isEducationLevel } from './education.js';
import { isEthnicityCode } from './ethnicities.js';
import { parseIdNumber } from './id-number.js';
import {
  GENDER_LABELS,
  GENDERS,
  type Gender,
  LEAVE_REASONS,
  type LeaveReason,
  MEMBER_CATEGORIES,
  MEMBER_STATUSES,
  type MemberCategory,
  type MemberStatus,
} from './labels.js';

export interface MemberProfileInput {
  name: string;
  gender: Gender;
  /** GB 3304 code, e.g. '01'. */
  ethnicity: string;
  birthDate: IsoDate;
  idNumber?: string | null;
  phone?: string | null;
  /** An `EDUCATION_LEVELS` code. */
  education: string;
  category: MemberCategory;
  status: MemberStatus;
  leaveReason?: LeaveReason | null;
  leftOn?: IsoDate | null;
  /** The day the branch general meeting admitted the member as probationary (PC Art. 7). */
  joinedOn: IsoDate;
  /** The day probation ended and the member became a full member. */
  confirmedOn?: IsoDate | null;
  /** Months by which probation was extended (once, 6–12), if it was. */
  probationExtendedMonths?: number | null;
}

export interface FieldError {
  field: string;
  /** Chinese, starting with the field's name, e.g. '入党日期：不能晚于今天'. */
  message: string;
}

/** A mainland mobile number: 11 digits starting 13–19. */
export const mobilePattern = /^1[3-9]\d{9}$/;

/** A landline: area code 0xx or 0xxx, optional hyphen, 7–8 digits, optional extension. */
export const landlinePattern = /^0\d{2,3}-?\d{7,8}(?:-\d{1,6})?$/;

/** A phone number the register accepts: a mobile or a landline. */
export const phonePattern = /^(?:1[3-9]\d{9}|0\d{2,3}-?\d{7,8}(?:-\d{1,6})?)$/;

/** The earliest birth year accepted (see id-number.ts): an older date is a typo, not a member. */
const MIN_BIRTH_DATE = '1900-01-01';

const NAME_MIN = 2;
const NAME_MAX = 30;

const present = <T>(v: T | null | undefined): v is T => v !== null && v !== undefined && v !== '';

/**
 * Probation ends `probationMonths` (+ any extension) after admission (PC Art. 7: one year from the
 * day the branch general meeting passes the resolution). Computed as one month count from
 * `joinedOn` so that month-end clamping happens once: 2023-08-31 + 18 months → 2025-02-28.
 */
export function expectedConfirmationDate(
  joinedOn: IsoDate,
  extensionMonths: number | null | undefined,
  rules: Rules,
): IsoDate {
  return addMonths(joinedOn, rules['member.probationMonths'] + (extensionMonths ?? 0));
}

export interface ProbationDue {
  /** The day probation ends; the branch should then discuss confirmation promptly (及时). */
  dueOn: IsoDate;
  /** True once `dueOn` has passed without the member being confirmed. */
  overdue: boolean;
}

/** When a probationary member's probation ends; null for anyone who is not probationary. */
export function probationDue(
  member: Pick<MemberProfileInput, 'category' | 'joinedOn' | 'probationExtendedMonths'>,
  today: IsoDate,
  rules: Rules,
): ProbationDue | null {
  if (member.category !== 'probationary') return null;
  const dueOn = expectedConfirmationDate(member.joinedOn, member.probationExtendedMonths, rules);
  return { dueOn, overdue: compareDates(dueOn, today) < 0 };
}

/** Checks a member's register entry; returns every problem found (empty when the entry is consistent). */
export function checkMemberProfile(input: MemberProfileInput, rules: Rules, today: IsoDate): FieldError[] {
  const errors: FieldError[] = [];
  const add = (field: string, message: string) => errors.push({ field, message });

  // Name: counted in characters (code points), so a rare character outside the BMP counts as one.
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const nameLength = Array.from(name).length;
  if (nameLength === 0) add('name', '姓名：不能为空');
  else if (nameLength < NAME_MIN || nameLength > NAME_MAX)
    add('name', `姓名：应为${NAME_MIN}至${NAME_MAX}个字`);

  if (!GENDERS.includes(input.gender)) add('gender', '性别：应为男或女');
  if (!present(input.ethnicity) || !isEthnicityCode(input.ethnicity))
    add('ethnicity', '民族：应为56个民族之一');
  if (!present(input.education) || !isEducationLevel(input.education))
    add('education', '学历：不在学历分类中');

  const birthOk = checkDate(add, 'birthDate', '出生日期', input.birthDate, today);
  if (birthOk && compareDates(input.birthDate, MIN_BIRTH_DATE) < 0) {
    add('birthDate', '出生日期：不能早于1900年');
  }

  if (present(input.idNumber)) {
    const parsed = parseIdNumber(input.idNumber);
    if (!parsed.ok) {
      add('idNumber', `身份证号：${parsed.message}`);
    } else {
      // Separate errors: the fix differs (correct the ID number, or the date, or the gender).
      if (birthOk && parsed.birthDate !== input.birthDate) {
        add(
          'idNumber',
          `身份证号：其中的出生日期（${parsed.birthDate}）与填写的出生日期（${input.birthDate}）不一致`,
        );
      }
      if (GENDERS.includes(input.gender) && parsed.gender !== input.gender) {
        add(
          'idNumber',
          `身份证号：其中的性别（${GENDER_LABELS[parsed.gender]}）与填写的性别（${GENDER_LABELS[input.gender]}）不一致`,
        );
      }
    }
  }

  if (present(input.phone) && !phonePattern.test(input.phone.trim())) {
    add('phone', '联系电话：应为11位手机号码或固定电话号码（如0931-8123456）');
  }

  checkAdmission(add, input, rules, today, birthOk);
  checkLeaving(add, input, today);

  return errors;
}

type Add = (field: string, message: string) => void;

/** Validates a required date field: present, a real date, not in the future. Returns whether it is usable. */
function checkDate(add: Add, field: string, label: string, value: unknown, today: IsoDate): value is IsoDate {
  if (!present(value)) {
    add(field, `${label}：不能为空`);
    return false;
  }
  if (!isIsoDate(value)) {
    add(field, `${label}：日期无效，应为YYYY-MM-DD`);
    return false;
  }
  if (compareDates(value, today) > 0) {
    add(field, `${label}：不能晚于今天（${today}）`);
    return false;
  }
  return true;
}

/** Admission, probation and confirmation (PC Art. 1 and 7). */
function checkAdmission(add: Add, input: MemberProfileInput, rules: Rules, today: IsoDate, birthOk: boolean) {
  if (!MEMBER_CATEGORIES.includes(input.category)) {
    add('category', '党员类别：应为正式党员或预备党员');
  }

  const joinedOk = checkDate(add, 'joinedOn', '入党日期', input.joinedOn, today);
  if (joinedOk && birthOk) {
    if (compareDates(input.joinedOn, input.birthDate) < 0) {
      add('joinedOn', '入党日期：不能早于出生日期');
    } else {
      const minAge = rules['member.minJoinAge'];
      const age = ageOn(input.birthDate, input.joinedOn);
      if (age < minAge) add('joinedOn', `入党日期：入党时应年满${minAge}周岁，按出生日期入党时为${age}周岁`);
    }
  }

  const ext = input.probationExtendedMonths;
  const { minMonths, maxMonths } = rules['member.probationExtension'];
  // 0 reads as "not extended": forms often send 0 for an empty number field.
  const extOk = !present(ext) || ext === 0 || (Number.isInteger(ext) && ext >= minMonths && ext <= maxMonths);
  if (!extOk) {
    add(
      'probationExtendedMonths',
      `延长预备期：应为${minMonths}至${maxMonths}个月（只能延长一次，最长不超过一年）`,
    );
  }

  if (input.category === 'probationary') {
    if (present(input.confirmedOn)) add('confirmedOn', '转正日期：预备党员不应有转正日期');
    return;
  }
  if (input.category !== 'full') return;

  if (!present(input.confirmedOn)) {
    add('confirmedOn', '转正日期：正式党员应填写转正日期');
    return;
  }
  if (!checkDate(add, 'confirmedOn', '转正日期', input.confirmedOn, today) || !joinedOk || !extOk) return;
  const expected = expectedConfirmationDate(input.joinedOn, ext, rules);
  // Earlier than the end of probation is impossible. Later is accepted: the Constitution dates full
  // membership from the end of probation, but older entries often carry the approval date instead.
  if (compareDates(input.confirmedOn, expected) < 0) {
    const basis = ext
      ? `入党日期加${rules['member.probationMonths']}个月预备期，再延长${ext}个月`
      : `入党日期加${rules['member.probationMonths']}个月预备期`;
    add('confirmedOn', `转正日期：不能早于预备期满之日${expected}（${basis}）`);
  }
}

/** Leaving the Party: status `left` goes with a reason and a date, and only it does. */
function checkLeaving(add: Add, input: MemberProfileInput, today: IsoDate) {
  if (!MEMBER_STATUSES.includes(input.status)) {
    add('status', '党员状态：不在状态分类中');
    return;
  }
  if (input.status !== 'left') {
    if (present(input.leaveReason)) add('leaveReason', '出党方式：仅出党的党员填写出党方式');
    if (present(input.leftOn)) add('leftOn', '出党日期：仅出党的党员填写出党日期');
    return;
  }
  if (!present(input.leaveReason)) add('leaveReason', '出党方式：出党的党员应填写出党方式');
  else if (!LEAVE_REASONS.includes(input.leaveReason))
    add('leaveReason', '出党方式：应为除名、退党、自行脱党或开除党籍');
  if (
    checkDate(add, 'leftOn', '出党日期', input.leftOn, today) &&
    isIsoDate(input.joinedOn) &&
    compareDates(input.leftOn as IsoDate, input.joinedOn) < 0
  ) {
    add('leftOn', '出党日期：不能早于入党日期');
  }
}
