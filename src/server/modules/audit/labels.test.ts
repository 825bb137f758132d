import { describe, expect, it } from 'vitest';
import type { AuditAction } from '../../../shared/contracts/audit.js';
import { MODULES } from '../registry.js';
import { auditActionProblems } from './labels.js';

describe('audit actions', () => {
  it('each is claimed by exactly one module of the registry, and each claimed one has a label', () => {
    expect(auditActionProblems(MODULES)).toEqual([]);
  });

  it('catches an action without a label, one claimed twice and one no module claims', () => {
    const labels = { 'a.create': '新建甲', 'a.delete': '删除甲', 'b.move': '移动乙' };
    const modules = [
      { name: 'a', auditActions: ['a.create', 'a.delete', 'a.export'] as unknown as AuditAction[] },
      { name: 'c', auditActions: ['a.delete'] as unknown as AuditAction[] },
    ];
    expect(auditActionProblems(modules, labels)).toEqual([
      'a.export (module a) has no label',
      'a.delete is claimed by 2 modules: a, c',
      'b.move is claimed by no module',
    ]);
  });
});
