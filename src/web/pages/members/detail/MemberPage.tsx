import { EditOutlined, SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Skeleton,
  Space,
  Table,
  Tag,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMe, useMember, useMemberEvents } from '../../../api/hooks';
import type { MemberEvent } from '../../../api/types';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { dash, fmtDate } from '../../../format';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import {
  educationLabel,
  ethnicityLabel,
  genderLabel,
  leaveReasonLabel,
  memberCategoryLabel,
  memberStatusLabel,
} from '../../../labels';
import { DuesProfileCard } from '../../dues/DuesProfileCard';
import { CreateTransferModal } from '../../transfers/CreateTransferModal';
import { STATUS_COLORS } from '../list/MemberListPage';
import { PendingTransferTag } from '../PendingTransferTag';
import { DisciplinesCard } from './DisciplinesCard';
import { eventDetail, eventTitles } from './memberEvents';
import { RevealModal, type SensitiveField, SensitiveValue } from './SensitiveValue';

/** 党员档案: one member's record; also used for 我的档案 with the user's own member id. */
export default function MemberPage({ memberId, title }: { memberId?: number; title?: string }) {
  const params = useParams();
  const id = memberId ?? Number(params.id);
  const member = useMember(Number.isFinite(id) ? id : undefined);
  const events = useMemberEvents(Number.isFinite(id) ? id : undefined);
  const titles = useMemo(() => eventTitles(events.data ?? []), [events.data]);
  const isPhone = useIsPhone();
  const { data: me } = useMe();
  const navigate = useNavigate();
  const [revealField, setRevealField] = useState<SensitiveField | null>(null);
  const [revealed, setRevealed] = useState<Partial<Record<SensitiveField, string | null>>>({});
  const [transferOpen, setTransferOpen] = useState(false);

  if (member.isLoading) {
    return (
      <div className="page">
        <PageHeader title={title ?? '党员档案'} />
        <Card>
          <Skeleton active paragraph={{ rows: 10 }} />
        </Card>
      </div>
    );
  }
  if (!member.data) {
    return (
      <div className="page">
        <PageHeader title={title ?? '党员档案'} />
        <QueryError error={member.error} onRetry={() => member.refetch()} />
      </div>
    );
  }
  const m = member.data;
  const canSeeOrgs = me?.permissions.includes('org.read') ?? false;
  const canSeeTransfers = me?.permissions.includes('transfer.read') ?? false;

  const items: NonNullable<DescriptionsProps['items']> = [
    { key: 'name', label: '姓名', children: <span data-testid="member-name">{m.name}</span> },
    { key: 'gender', label: '性别', children: genderLabel(m.gender) },
    { key: 'ethnicity', label: '民族', children: ethnicityLabel(m.ethnicity) },
    { key: 'birthDate', label: '出生日期', children: `${fmtDate(m.birthDate)}（${m.age}岁）` },
    {
      key: 'idNumber',
      label: '身份证号',
      children: (
        <SensitiveValue
          masked={m.idNumber}
          revealed={revealed.idNumber}
          canReveal={m.abilities.reveal}
          onReveal={() => setRevealField('idNumber')}
          onHide={() => setRevealed(({ idNumber: _, ...rest }) => rest)}
          testId="member-id-number"
        />
      ),
    },
    {
      key: 'phone',
      label: '联系电话',
      children: (
        <SensitiveValue
          masked={m.phone}
          revealed={revealed.phone}
          canReveal={m.abilities.reveal}
          onReveal={() => setRevealField('phone')}
          onHide={() => setRevealed(({ phone: _, ...rest }) => rest)}
          testId="member-phone"
        />
      ),
    },
    { key: 'education', label: '学历', children: educationLabel(m.education) },
    { key: 'workUnit', label: '工作单位', children: dash(m.workUnit) },
    {
      key: 'category',
      label: '党员类别',
      children: <Tag color={m.category === 'full' ? 'red' : 'gold'}>{memberCategoryLabel(m.category)}</Tag>,
    },
    {
      key: 'status',
      label: '党员状态',
      children: <Tag color={STATUS_COLORS[m.status] ?? 'default'}>{memberStatusLabel(m.status)}</Tag>,
    },
    { key: 'joinedOn', label: '入党日期', children: fmtDate(m.joinedOn) },
    {
      key: 'confirmedOn',
      label: '转正日期',
      children:
        m.category === 'full' ? (
          fmtDate(m.confirmedOn)
        ) : m.probation ? (
          <span data-testid="probation-due">
            尚未转正，预备期至 {fmtDate(m.probation.dueOn)}{' '}
            {m.probation.overdue ? <Tag color="volcano">预备期已满，应及时讨论转正</Tag> : null}
          </span>
        ) : (
          '尚未转正'
        ),
    },
    {
      key: 'org',
      label: '所在党组织',
      children: canSeeOrgs ? (
        <Link to={`/orgs/${m.orgId}`} data-testid="member-org-link">
          {m.orgName}
        </Link>
      ) : (
        m.orgName
      ),
    },
    { key: 'group', label: '党小组', children: dash(m.groupName) },
  ];
  if (m.probationExtendedMonths) {
    items.push({ key: 'ext', label: '延长预备期', children: `${m.probationExtendedMonths}个月` });
  }
  if (m.status === 'left') {
    items.push(
      { key: 'leaveReason', label: '出党方式', children: leaveReasonLabel(m.leaveReason) },
      { key: 'leftOn', label: '出党日期', children: fmtDate(m.leftOn) },
    );
  }

  const actions = [
    m.abilities.update && (
      <Button
        key="edit"
        type="primary"
        icon={<EditOutlined />}
        onClick={() => navigate(`/members/${m.id}/edit`)}
        data-testid="member-edit"
      >
        编辑
      </Button>
    ),
    m.abilities.transfer && !m.pendingTransfer && (
      <Button
        key="transfer"
        icon={<SwapOutlined />}
        onClick={() => setTransferOpen(true)}
        data-testid="member-transfer"
      >
        发起组织关系转接
      </Button>
    ),
  ].filter(Boolean);

  return (
    <div className="page" data-testid="member-page">
      <PageHeader
        title={
          <Space size={8} wrap>
            <span>{title ? `${title}：${m.name}` : m.name}</span>
            <PendingTransferTag pending={m.pendingTransfer} />
          </Space>
        }
        subtitle={`${m.orgName} · ${memberCategoryLabel(m.category)}`}
        extra={actions.length ? actions : undefined}
      />
      {m.pendingTransfer ? (
        <Alert
          type="warning"
          showIcon
          data-testid="pending-transfer-banner"
          title={
            m.pendingTransfer.direction === 'out'
              ? `组织关系转接办理中：正在转往「${m.pendingTransfer.otherOrgName}」，等待对方接收。`
              : `组织关系转接待接收：来自「${m.pendingTransfer.otherOrgName}」。`
          }
          action={
            canSeeTransfers ? (
              <Link to={`/transfers?direction=${m.pendingTransfer.direction}`}>
                <Button size="small">去办理</Button>
              </Link>
            ) : undefined
          }
        />
      ) : null}
      <Card title="基本信息">
        <Descriptions
          items={items}
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 3, xxl: 3 }}
          size="small"
          data-testid="member-descriptions"
        />
      </Card>
      <Card title="变动记录">
        {isPhone ? (
          // A member reads their record on a phone: a list, where a table's columns ran off the screen.
          <div className="member-events-list" data-testid="member-events">
            {(events.data ?? []).length === 0 ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变动记录" />
            ) : (
              (events.data ?? []).map((e) => (
                <div key={e.id} className="member-event">
                  <div>
                    <span className="member-event-date">{fmtDate(e.occurredOn)}</span>
                    <Tag>{titles.get(e.id)}</Tag>
                  </div>
                  <div className="muted">
                    {dash(e.orgName)} · {eventDetail(e, titles.get(e.id) ?? '')}
                  </div>
                </div>
              ))
            )}
          </div>
        ) : (
          <Table<MemberEvent>
            rowKey="id"
            size="small"
            loading={events.isLoading}
            dataSource={events.data ?? []}
            pagination={false}
            scroll={{ x: 'max-content' }}
            locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无变动记录" /> }}
            data-testid="member-events"
            columns={[
              { title: '日期', dataIndex: 'occurredOn', render: fmtDate, width: 120 },
              {
                title: '事项',
                key: 'title',
                render: (_, e) => <Tag>{titles.get(e.id)}</Tag>,
                width: 130,
              },
              { title: '党组织', dataIndex: 'orgName', render: dash },
              { title: '说明', key: 'detail', render: (_, e) => eventDetail(e, titles.get(e.id) ?? '') },
            ]}
          />
        )}
      </Card>
      {memberId === undefined && me?.permissions.includes('member.read') ? (
        <DisciplinesCard memberId={m.id} canWrite={!!me?.permissions.includes('member.write')} />
      ) : null}
      <DuesProfileCard memberId={m.id} me={me} />
      {revealField ? (
        <RevealModal
          member={m}
          field={revealField}
          onClose={() => setRevealField(null)}
          onRevealed={(values) => setRevealed((r) => ({ ...r, ...values }))}
        />
      ) : null}
      {transferOpen ? <CreateTransferModal open onClose={() => setTransferOpen(false)} member={m} /> : null}
    </div>
  );
}
