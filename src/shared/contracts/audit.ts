import { z } from 'zod';
import { isoDate, pageQuery } from './common.js';

export const auditEntryDto = z.object({
  id: z.number(),
  at: z.string(),
  userId: z.number().nullable(),
  username: z.string().nullable(),
  action: z.string(),
  entity: z.string(),
  entityId: z.number().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  reason: z.string().nullable(),
  requestId: z.string().nullable(),
  ip: z.string().nullable(),
});

export const auditListQuery = z.object({
  action: z.string().trim().max(40).optional(),
  entity: z.string().trim().max(20).optional(),
  entityId: z.coerce.number().int().positive().optional(),
  username: z.string().trim().max(40).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  ...pageQuery,
});

export const AUDIT_ACTION_LABELS: Record<string, string> = {
  'auth.login': '登录',
  'auth.login_failed': '登录失败',
  'auth.locked': '账号锁定',
  'auth.logout': '退出登录',
  'org.create': '新建党组织',
  'org.update': '修改党组织',
  'org.move': '调整隶属关系',
  'org.dissolve': '撤销党组织',
  'org.term_create': '换届',
  'member.create': '新增党员',
  'member.update': '修改党员信息',
  'member.reveal': '查看敏感信息',
  'transfer.create': '发起组织关系转接',
  'transfer.accept': '接收组织关系',
  'transfer.reject': '退回组织关系转接',
  'transfer.cancel': '撤回组织关系转接',
  'user.create': '新建用户',
  'user.update': '修改用户',
  'rule.override': '修改规则参数',
  'rule.reset': '恢复规则默认值',
  'member.export': '导出党员名册',
  'transfer.export': '导出组织关系转接',
  'meeting.export': '导出会议记录',
  'heart_talk.export': '导出谈心谈话记录',
  'development.export': '导出发展党员台账',
  'dues.arrears.export': '导出欠交党费名单',
  'dues.ledger.export': '导出党费台账',
  'audit.export': '导出审计日志',
  'user.export': '导出用户列表',
};
