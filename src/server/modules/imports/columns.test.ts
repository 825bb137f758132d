import { describe, expect, it } from 'vitest';
import { readRow } from '../../lib/excel/index.js';
import { MEMBER_COLUMNS, ORG_COLUMNS } from './columns.js';

describe('the import templates’ columns', () => {
  it('every column has a unique header, and enumerations carry their labels', () => {
    for (const cols of [MEMBER_COLUMNS, ORG_COLUMNS]) {
      expect(new Set(cols.map((c) => c.header)).size).toBe(cols.length);
    }
    const ethnicity = MEMBER_COLUMNS.find((c) => c.key === 'ethnicity');
    expect(ethnicity?.options).toHaveLength(56);
    expect(ethnicity?.options?.[0]).toEqual({ code: '01', label: '汉族' });
    const kind = ORG_COLUMNS.find((c) => c.key === 'kind');
    expect(kind?.options?.map((o) => o.label)).toEqual(['党委', '党总支', '党支部', '联合党支部', '党小组']);
  });

  it('a member row: labels with their ending left out, an ID number typed as a number refused', () => {
    const { values, errors } = readRow(MEMBER_COLUMNS, {
      name: ' 张三 ',
      gender: '男',
      ethnicity: '回',
      birthDate: '１９８５年３月８日',
      idNumber: 620102198503080000,
      education: '大学本科',
      category: '预备',
      joinedOn: new Date('2010-07-01T00:00:00Z'),
      confirmedOn: null,
      org: '中共××社区支部委员会',
      phone: null,
      workUnit: null,
    });
    expect(values).toMatchObject({
      name: '张三',
      gender: 'male',
      ethnicity: '03',
      birthDate: '1985-03-08',
      idNumber: null,
      category: 'probationary',
      joinedOn: '2010-07-01',
      confirmedOn: null,
    });
    expect(errors).toEqual([
      {
        column: '身份证号',
        message: '身份证号：单元格是数字格式，末几位已丢失；请把该列设为文本格式后重新填写',
      },
    ]);
  });
});
