import { EditOutlined, EyeInvisibleOutlined, EyeOutlined, SwapOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Form,
  Input,
  Modal,
  Skeleton,
  Space,
  Table,
  Tag,
  Tooltip,
} from 'antd';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { FIELD_LABELS } from '../../../../shared/contracts/common';
import { useMe, useMember, useMemberEvents, useRevealMember } from '../../../api/hooks';
import type { Member, MemberEvent } from '../../../api/types';
import { applyApiErrors } from '../../../components/formErrors';
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
  memberEventLabel,
  memberStatusLabel,
} from '../../../labels';
import { DuesProfileCard } from '../../dues/DuesProfileCard';
import { CreateTransferModal } from '../../transfers/CreateTransferModal';
import { STATUS_COLORS } from '../list/MemberListPage';
import { PendingTransferTag } from '../PendingTransferTag';
import { DisciplinesCard } from './DisciplinesCard';

type SensitiveField = 'idNumber' | 'phone';

function RevealModal({
  member,
  field,
  onClose,
  onRevealed,
}: {
  member: Member;
  field: SensitiveField | null;
  onClose: () => void;
  onRevealed: (values: Partial<Record<SensitiveField, string | null>>) => void;
}) {
  const [form] = Form.useForm<{ reason: string }>();
  const reveal = useRevealMember(member.id);
  const [error, setError] = useState<string | null>(null);
  const label = field ? FIELD_LABELS[field] : '';

  const submit = async () => {
    let values: { reason: string };
    try {
      values = await form.validateFields();
    } catch {
      return;
    }
    setError(null);
    try {
      const result = await reveal.mutateAsync({
        reason: values.reason.trim(),
        fields: field ? [field] : undefined,
      });
      if (field) onRevealed({ [field]: result[field] ?? null });
      onClose();
    } catch (e) {
      setError(applyApiErrors(form, e));
    }
  };

  return (
    <Modal
      title={`查看${label}`}
      open={field !== null}
      onCancel={onClose}
      onOk={submit}
      okText="查看"
      cancelText="取消"
      confirmLoading={reveal.isPending}
      destroyOnHidden
      okButtonProps={{ 'data-testid': 'reveal-ok' }}
      data-testid="reveal-modal"
    >
      <Alert
        type="warning"
        showIcon
        style={{ marginBottom: 16 }}
        title="敏感个人信息"
        description={`${label}属于敏感个人信息。查看将记入审计日志（查看人、时间、原因），请如实填写查看原因。`}
      />
      {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
      <Form form={form} layout="vertical">
        <Form.Item
          name="reason"
          label="查看原因"
          rules={[
            { required: true, whitespace: true, message: '请填写查看原因' },
            { min: 4, message: '查看原因至少4个字' },
          ]}
        >
          <Input.TextArea
            rows={3}
            maxLength={200}
            showCount
            placeholder="如：办理组织关系转接，需核对身份证号"
            data-testid="reveal-reason"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** What a status the member entered is called as an event (a member reads 转为流动党员, not 状态变更). */
const STATUS_EVENT_TITLES: Record<string, string> = {
  active: '恢复在册',
  mobile: '转为流动党员',
  lost_contact: '失去联系',
  left: '出党',
  deceased: '去世',
};

/**
 * The title of each event, read against the one before it: a `status_changed` event records the
 * status and category after the change, so a confirmation (预备党员 → 正式党员) is told from a return
 * to 在册 by the previous category. Titles the kind (登记入册, 信息修改…) otherwise.
 */
function eventTitles(events: MemberEvent[]): Map<number, string> {
  const titles = new Map<number, string>();
  let category: unknown;
  let status: unknown = 'active';
  const ordered = [...events].sort((a, b) => a.occurredOn.localeCompare(b.occurredOn) || a.id - b.id);
  for (const e of ordered) {
    const d = e.data ?? {};
    let title = memberEventLabel(e.kind);
    if (e.kind === 'status_changed') {
      if (d.decision === 'cancel') title = '取消预备党员资格';
      else if (d.category === 'full' && (category === 'probationary' || d.decision === 'confirm'))
        title = '转为正式党员';
      else if (d.status && d.status !== status) title = STATUS_EVENT_TITLES[String(d.status)] ?? title;
    }
    titles.set(e.id, title);
    if (d.category) category = d.category;
    if (d.status) status = d.status;
  }
  return titles;
}

function eventDetail(e: MemberEvent, title: string): string {
  const d = e.data ?? {};
  switch (e.kind) {
    case 'registered':
      return `登记为${memberCategoryLabel(String(d.category ?? ''))}`;
    case 'transferred':
      return d.letterNumber ? `介绍信编号：${String(d.letterNumber)}` : '组织关系转入本组织';
    case 'status_changed':
      if (title === '转为正式党员') return '预备期满，转为正式党员';
      if (d.status === 'left' && d.leaveReason) return `出党方式：${leaveReasonLabel(String(d.leaveReason))}`;
      return [
        d.status ? `状态：${memberStatusLabel(String(d.status))}` : null,
        d.category ? `类别：${memberCategoryLabel(String(d.category))}` : null,
      ]
        .filter(Boolean)
        .join('；');
    default: {
      const fields = Object.keys(d)
        .filter((k) => k !== 'status' && k !== 'category' && FIELD_LABELS[k])
        .map((k) => FIELD_LABELS[k]);
      return fields.length ? `修改了：${fields.join('、')}` : '—';
    }
  }
}

function SensitiveValue({
  masked,
  revealed,
  canReveal,
  onReveal,
  onHide,
  testId,
}: {
  masked: string | null;
  revealed: string | null | undefined;
  canReveal: boolean;
  onReveal: () => void;
  onHide: () => void;
  testId: string;
}) {
  if (revealed !== undefined) {
    return (
      <Space size={4} wrap>
        <span className="mono" data-testid={`${testId}-revealed`}>
          {revealed ?? '—'}
        </span>
        <Tag color="orange">已留痕</Tag>
        <Button size="small" type="link" icon={<EyeInvisibleOutlined />} onClick={onHide}>
          隐藏
        </Button>
      </Space>
    );
  }
  return (
    <Space size={4} wrap>
      <span className="mono" data-testid={testId}>
        {masked ?? '—'}
      </span>
      {canReveal && masked ? (
        <Tooltip title="查看完整信息（需填写原因，记入审计日志）">
          <Button
            size="small"
            type="link"
            icon={<EyeOutlined />}
            onClick={onReveal}
            data-testid={`${testId}-reveal`}
          >
            查看
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}

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
