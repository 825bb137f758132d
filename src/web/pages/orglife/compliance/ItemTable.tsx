import { Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { ComplianceItem } from '../../../api/types';
import { MEETING_KIND_COLORS, meetingKindLabel } from '../orglife';

export function ItemTable({
  items,
  kind,
  canWrite,
}: {
  items: ComplianceItem[];
  kind: 'missed' | 'due';
  canWrite: boolean;
}) {
  const columns: ColumnsType<ComplianceItem> = [
    {
      title: '党组织',
      dataIndex: 'orgName',
      ellipsis: true,
      render: (name: string, r) => (
        <Link to={`/orgs/${r.orgId}/orglife?year=${r.periodEnd.slice(0, 4)}`} data-testid="item-org">
          {name}
        </Link>
      ),
    },
    {
      title: '项目',
      key: 'kind',
      width: 170,
      render: (_: unknown, r) => (
        <span>
          <Tag color={MEETING_KIND_COLORS[r.meetingKind]}>{meetingKindLabel(r.meetingKind)}</Tag>
          {r.subjectName ? <span className="small muted">{r.subjectName}</span> : null}
        </span>
      ),
    },
    { title: '考核周期', dataIndex: 'periodLabel', width: 140 },
    kind === 'due'
      ? {
          title: '剩余',
          dataIndex: 'daysLeft',
          width: 90,
          render: (d: number | null) =>
            d === null ? '—' : <Tag color={d <= 7 ? 'red' : d <= 30 ? 'orange' : 'default'}>{d}天</Tag>,
        }
      : {
          title: '完成情况',
          key: 'held',
          width: 90,
          render: (_: unknown, r) => `${r.held}/${r.required}次`,
        },
    {
      title: '说明',
      dataIndex: 'reason',
      ellipsis: true,
      responsive: ['lg'],
      render: (v: string | null) => v ?? '—',
    },
  ];
  if (kind === 'due' && canWrite) {
    columns.push({
      title: '',
      key: 'act',
      width: 92,
      render: (_: unknown, r) => (
        <Link
          to={`/meetings/new?orgId=${r.orgId}&kind=${r.meetingKind}${r.subjectId ? `&groupId=${r.subjectId}` : ''}`}
        >
          记录会议
        </Link>
      ),
    });
  }
  return (
    <Table<ComplianceItem>
      size="small"
      rowKey={(r) => `${r.orgId}-${r.ruleId}-${r.periodKey}-${r.subjectId ?? 0}`}
      dataSource={items}
      columns={columns}
      pagination={{ pageSize: 10, hideOnSinglePage: true, showSizeChanger: false }}
      scroll={{ x: 640 }}
      data-testid={`${kind}-table`}
      locale={{ emptyText: kind === 'missed' ? '没有未完成的项目' : '没有待完成的项目' }}
    />
  );
}
