// The members workbook an import round uploads: `rows` new members spread over the given branches,
// with ID numbers that are valid (check digit) and new to the register. Cells are filled by the
// import's own column definitions, so a reordered template still gets every value in its column.
import ExcelJS from 'exceljs';
import { addDays, addYears } from '../../src/domain/common/dates.js';
import { idNumberCheckDigit } from '../../src/domain/member/id-number.js';
import { headerText, MEMBER_COLUMNS } from '../../src/server/modules/imports/columns.js';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗';
const GIVEN = '伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞平刚桂';

/**
 * `region`, a six-digit area code outside the demo's Gansu codes and new for each workbook, keeps
 * its ID numbers apart from the register's and from the run's other workbooks.
 */
export async function membersWorkbook(opts: {
  rows: number;
  branches: string[];
  region: number;
}): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('党员信息');
  ws.addRow(MEMBER_COLUMNS.map(headerText));
  for (let i = 0; i < opts.rows; i++) {
    const birth = addDays('1960-01-01', i % 12_000);
    const seq = Math.floor(i / 12_000) * 2 + 1;
    const first17 = `${opts.region}${birth.replaceAll('-', '')}${String(seq).padStart(3, '0')}`;
    const joined = addYears(birth, 25);
    const full = i % 10 !== 0;
    const values: Record<string, string | null> = {
      name: SURNAMES[i % SURNAMES.length] + GIVEN[(i * 7) % GIVEN.length] + GIVEN[(i * 13) % GIVEN.length],
      gender: '男',
      ethnicity: i % 17 === 0 ? '回族' : '汉族',
      birthDate: birth,
      idNumber: first17 + idNumberCheckDigit(first17),
      education: i % 3 === 0 ? '大学专科' : '大学本科',
      category: full ? '正式党员' : '预备党员',
      joinedOn: full ? joined : '2026-03-01',
      confirmedOn: full ? addYears(joined, 1) : null,
      org: opts.branches[i % opts.branches.length],
      phone: null,
      workUnit: null,
    };
    ws.addRow(MEMBER_COLUMNS.map((c) => values[c.key] ?? null));
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
