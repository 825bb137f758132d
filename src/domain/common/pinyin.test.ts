import { describe, expect, it } from 'vitest';
import { nameSearchKeys, orgNameKeys, personNameKeys } from './pinyin.js';

describe('personNameKeys', () => {
  it('gives full pinyin and initials', () => {
    expect(personNameKeys('张三丰')).toEqual({ pinyin: 'zhangsanfeng', initials: 'zsf' });
  });

  it('reads polyphonic surnames as surnames', () => {
    expect(personNameKeys('单雄信')).toEqual({ pinyin: 'shanxiongxin', initials: 'sxx' });
    expect(personNameKeys('曾国藩').pinyin).toBe('zengguofan');
    expect(personNameKeys('解缙').initials.startsWith('x')).toBe(true);
  });

  it('handles compound surnames', () => {
    expect(personNameKeys('欧阳修')).toEqual({ pinyin: 'ouyangxiu', initials: 'oyx' });
    expect(personNameKeys('尉迟恭').pinyin).toBe('yuchigong');
  });

  it('writes ü as v, the way it is typed', () => {
    expect(personNameKeys('吕布')).toEqual({ pinyin: 'lvbu', initials: 'lb' });
  });

  it('drops spaces and the middle dot of transcribed names', () => {
    expect(personNameKeys(' 张 三 ')).toEqual({ pinyin: 'zhangsan', initials: 'zs' });
    expect(personNameKeys('阿卜杜·热合曼')).toEqual({ pinyin: 'abudureheman', initials: 'abdrhm' });
  });

  it('returns empty keys for an empty name', () => {
    expect(personNameKeys('')).toEqual({ pinyin: '', initials: '' });
  });
});

describe('orgNameKeys', () => {
  it('reads without surname mode', () => {
    // In surname mode 单 would be shan; in an org name it is dan (单位 = danwei).
    expect(orgNameKeys('单位党支部')).toEqual({ pinyin: 'danweidangzhibu', initials: 'dwdzb' });
    expect(personNameKeys('单位').pinyin).toBe('shanwei');
  });

  it('keeps digits and Latin runs whole and lower-cased', () => {
    expect(orgNameKeys('第12党支部')).toEqual({ pinyin: 'di12dangzhibu', initials: 'd12dzb' });
    expect(orgNameKeys('CBD党支部')).toEqual({ pinyin: 'cbddangzhibu', initials: 'cbddzb' });
    expect(orgNameKeys('ＡＢ公司党支部').initials).toBe('abgsdzb');
  });
});

describe('nameSearchKeys', () => {
  it('defaults to ordinary reading', () => {
    expect(nameSearchKeys('曾经')).toEqual(orgNameKeys('曾经'));
    expect(nameSearchKeys('张三丰', { surname: true })).toEqual(personNameKeys('张三丰'));
  });
});
