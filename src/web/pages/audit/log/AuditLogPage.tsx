import { DatePicker, Select, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs from 'dayjs';
import { z } from 'zod';
import {
  AUDIT_ACTION_GROUPS,
  AUDIT_ACTIONS,
  type AuditAction,
  auditActionLabel,
  auditEntityLabel,
} from '../../../../shared/contracts/audit';
import { exportsApi } from '../../../../shared/contracts/exports';
import { useAudit } from '../../../api/hooks';
import type { AuditEntry } from '../../../api/types';
import { ExportButton } from '../../../components/ExportButton';
import { FilterBar, SearchInput } from '../../../components/FilterBar';
import { PagedTable } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { dash, fmtDateTime } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';
import { AuditChanges } from './AuditChanges';

/** Every action the server writes, grouped by area (登录与账号, 党组织, …). */
const actionOptions = AUDIT_ACTION_GROUPS.map((g) => ({
  label: g.area,
  title: g.area,
  options: g.actions.map((a) => ({ value: a.action, label: a.label })),
}));

const filterSchema = z.object({
  action: param.oneOf(Object.keys(AUDIT_ACTIONS) as [AuditAction, ...AuditAction[]]),
  username: param.text(),
  from: param.date(),
  to: param.date(),
  ...paging,
});

/** The record an entry is about: its kind and name, or its id where the name is out of scope. */
function entityText(e: AuditEntry) {
  const kind = auditEntityLabel(e.entity);
  if (e.entityName) return { kind, name: e.entityName };
  return { kind, name: e.entityId ? `编号 ${e.entityId}` : null };
}

const actionColor = (action: string) => {
  if (action === 'member.reveal') return 'orange';
  if (['auth.login_failed', 'auth.locked', 'auth.throttled'].includes(action)) return 'red';
  if (action.startsWith('auth.')) return 'default';
  if (action.startsWith('transfer.')) return 'purple';
  if (action.startsWith('org.')) return 'blue';
  return 'cyan';
};

/** 审计日志: who did what and when, with before/after in an expandable row. */
export default function AuditLogPage() {
  const { filters, setFilters: update } = useUrlFilters(filterSchema);
  const { action, username, from, to, current, pageSize } = filters;
  const isPhone = useIsPhone();
  const list = useAudit({ action, username, from, to, current, pageSize });

  const columns: ColumnsType<AuditEntry> = [
    {
      title: '时间',
      dataIndex: 'at',
      width: isPhone ? 96 : 170,
      render: (at: string) => (isPhone ? <span className="small">{fmtDateTime(at)}</span> : fmtDateTime(at)),
    },
    { title: '用户', dataIndex: 'username', width: isPhone ? 80 : 110, render: dash },
    {
      title: '操作',
      dataIndex: 'action',
      width: isPhone ? undefined : 160,
      render: (a: string) => <Tag color={actionColor(a)}>{auditActionLabel(a)}</Tag>,
    },
    {
      title: '对象',
      key: 'entity',
      width: 220,
      responsive: ['sm'],
      render: (_, e) => {
        const t = entityText(e);
        return (
          <span>
            <span className="muted">{t.kind}</span>
            {t.name ? ` ${t.name}` : null}
          </span>
        );
      },
    },
    { title: '原因 / 说明', dataIndex: 'reason', ellipsis: true, render: dash, responsive: ['md'] },
    {
      title: 'IP 地址',
      dataIndex: 'ip',
      width: 130,
      responsive: ['md'],
      render: (ip: string | null) => <span className="mono small">{dash(ip)}</span>,
    },
  ];

  return (
    <div className="page">
      <PageHeader
        title="审计日志"
        subtitle="登录、数据修改、敏感信息查看与数据导出的记录。点击行首的“+”查看变更前后的内容。"
        extra={<ExportButton contract={exportsApi.audit} query={{ action, username, from, to }} />}
      />
      <FilterBar>
        <Select
          value={action}
          onChange={(v) => update({ action: v })}
          options={actionOptions}
          placeholder="全部操作"
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          style={{ width: 220 }}
          className="filter-wide"
          data-testid="audit-action"
        />
        <SearchInput
          value={username}
          onSearch={(text) => update({ username: text })}
          placeholder="用户名"
          width={160}
          testId="audit-username"
        />
        <DatePicker.RangePicker
          value={[from ? dayjs(from) : null, to ? dayjs(to) : null]}
          onChange={(range) =>
            update({ from: range?.[0]?.format('YYYY-MM-DD'), to: range?.[1]?.format('YYYY-MM-DD') })
          }
          allowEmpty={[true, true]}
          placeholder={['开始日期', '结束日期']}
          style={{ width: 260 }}
          className="filter-wide"
          data-testid="audit-range"
        />
      </FilterBar>
      <PagedTable<AuditEntry>
        query={list}
        columns={columns}
        current={current}
        pageSize={pageSize}
        onPageChange={update}
        emptyText="没有符合条件的记录"
        size="middle"
        scroll={isPhone ? undefined : { x: 960 }}
        data-testid="audit-table"
        expandable={{
          expandedRowRender: (e) => (
            <div style={{ maxWidth: 900 }}>
              {isPhone ? (
                <div className="small" style={{ marginBottom: 6 }}>
                  对象：{entityText(e).kind}
                  {entityText(e).name ? ` ${entityText(e).name}` : ''}
                  {e.reason ? `；原因：${e.reason}` : ''}
                  {e.ip ? `；IP：${e.ip}` : ''}
                </div>
              ) : null}
              <AuditChanges entry={e} />
              {e.requestId ? (
                <div className="muted small" style={{ marginTop: 6 }}>
                  请求编号：<span className="mono">{e.requestId}</span>
                </div>
              ) : null}
            </div>
          ),
          rowExpandable: (e) => isPhone || e.before != null || e.after != null || !!e.requestId,
        }}
      />
    </div>
  );
}
