import {
  ApartmentOutlined,
  CalendarOutlined,
  DeleteOutlined,
  EditOutlined,
  HeatMapOutlined,
  PlusOutlined,
  SwapOutlined,
  TeamOutlined,
  UsergroupAddOutlined,
} from '@ant-design/icons';
import {
  Alert,
  Breadcrumb,
  Button,
  Card,
  Descriptions,
  type DescriptionsProps,
  Empty,
  Skeleton,
  Space,
  Statistic,
  Table,
  Tag,
  Typography,
} from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { Link } from 'react-router';
import { allowedChildKinds, isBranchKind } from '../../../../domain/org/labels';
import { useMe, useOrg, useOrgAncestors, useOrgHistory } from '../../../api/hooks';
import type { CommitteeMember, Org, OrgHistoryEntry, Violation } from '../../../api/types';
import { QueryError } from '../../../components/QueryError';
import { dash, fmtDate } from '../../../format';
import {
  committeeRoleLabel,
  memberCategoryLabel,
  orgChangeLabel,
  orgKindLabel,
  orgStatusLabel,
  SEVERITY_LABELS,
  sectorLabel,
} from '../../../labels';
import { OrgDissolveModal, OrgMoveModal, TermModal } from './OrgChangeModals';
import { OrgCreateModal, OrgEditModal } from './OrgModals';

type ModalKind = 'edit' | 'add' | 'move' | 'dissolve' | 'term' | null;

const severityOrder = { error: 0, warning: 1, info: 2 } as const;

function Violations({ items }: { items: Violation[] }) {
  if (!items.length) {
    return <Alert type="success" showIcon title="未发现不符合规定的情况" data-testid="violations-ok" />;
  }
  const sorted = [...items].sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
  return (
    <Space orientation="vertical" size={8} style={{ width: '100%' }}>
      {sorted.map((v) => (
        <Alert
          key={`${v.code}-${v.ruleId}-${v.message}`}
          type={v.severity}
          showIcon
          data-testid="violation"
          data-severity={v.severity}
          title={
            <span>
              <Tag
                color={v.severity === 'error' ? 'red' : v.severity === 'warning' ? 'orange' : 'blue'}
                style={{ marginInlineEnd: 6 }}
              >
                {SEVERITY_LABELS[v.severity]}
              </Tag>
              {v.message}
            </span>
          }
          description={<span className="violation-citation">依据：{v.citation}</span>}
        />
      ))}
    </Space>
  );
}

function Committee({ org }: { org: Org }) {
  const today = dayjs().format('YYYY-MM-DD');
  const expired = org.term && org.term.termEnd < today;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {org.term ? (
        <div>
          <span className="muted">本届任期：</span>
          {fmtDate(org.term.termStart)} 至 {fmtDate(org.term.termEnd)}
          {expired ? (
            <Tag color="red" style={{ marginInlineStart: 8 }}>
              已到期，应及时换届
            </Tag>
          ) : null}
        </div>
      ) : (
        <span className="muted">尚无任期记录</span>
      )}
      <Table<CommitteeMember>
        size="small"
        rowKey="id"
        pagination={false}
        dataSource={org.committee}
        locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无班子成员" /> }}
        scroll={{ x: 'max-content' }}
        data-testid="committee-table"
        columns={[
          { title: '职务', dataIndex: 'role', render: (r: string) => committeeRoleLabel(r) },
          {
            title: '姓名',
            dataIndex: 'memberName',
            render: (name: string, row) => <Link to={`/members/${row.memberId}`}>{name}</Link>,
          },
          { title: '党员类别', dataIndex: 'category', render: (c: string) => memberCategoryLabel(c) },
          { title: '任职日期', dataIndex: 'startedOn', render: fmtDate },
          { title: '任期届满', key: 'termEnd', render: () => fmtDate(org.term?.termEnd) },
        ]}
      />
    </Space>
  );
}

function History({ id }: { id: number }) {
  const history = useOrgHistory(id);
  return (
    <Table<OrgHistoryEntry>
      size="small"
      rowKey={(r) => `${r.validFrom}-${r.change}-${r.name}`}
      loading={history.isLoading}
      dataSource={history.data ?? []}
      pagination={false}
      scroll={{ x: 'max-content' }}
      locale={{ emptyText: <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无沿革记录" /> }}
      data-testid="history-table"
      columns={[
        { title: '生效日期', dataIndex: 'validFrom', render: fmtDate },
        { title: '变更', dataIndex: 'change', render: (c: string) => <Tag>{orgChangeLabel(c)}</Tag> },
        { title: '名称', dataIndex: 'name' },
        { title: '上级党组织', dataIndex: 'parentName', render: dash },
        { title: '状态', dataIndex: 'status', render: orgStatusLabel },
        { title: '截止日期', dataIndex: 'validTo', render: (v: string | null) => (v ? fmtDate(v) : '至今') },
        { title: '原因', dataIndex: 'reason', render: dash },
      ]}
    />
  );
}

/** The right-hand side of 组织架构: one org's details, rules check, committee and history. */
export function OrgDetail({ id, onOpen }: { id: number; onOpen: (id: number) => void }) {
  const org = useOrg(id);
  const ancestors = useOrgAncestors(id);
  const { data: me } = useMe();
  const [modal, setModal] = useState<ModalKind>(null);

  if (org.isLoading) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 8 }} />
      </Card>
    );
  }
  if (!org.data) return <QueryError error={org.error} onRetry={() => org.refetch()} />;
  const o = org.data;
  const canReadMembers = me?.permissions.includes('member.read') ?? false;
  const canReadOrgLife = me?.permissions.includes('orglife.read') ?? false;
  const dissolved = o.status === 'dissolved';

  const crumbs = [...(ancestors.data ?? []).filter((a) => a.id !== o.id), o];
  const details: NonNullable<DescriptionsProps['items']> = [
    { key: 'kind', label: '组织类别', children: orgKindLabel(o.kind) },
    { key: 'sector', label: '所属领域', children: sectorLabel(o.sector) },
    ...(o.kind === 'committee'
      ? [{ key: 'approves', label: '发展党员审批权', children: o.approvesDevelopment ? '有' : '无' }]
      : []),
    {
      key: 'division',
      label: '行政区划',
      children: o.divisionCode ? (
        <span>
          {o.divisionName ?? ''} <span className="muted mono">{o.divisionCode}</span>
        </span>
      ) : (
        '—'
      ),
    },
    { key: 'founded', label: '成立日期', children: fmtDate(o.foundedOn) },
    {
      key: 'status',
      label: '状态',
      children: <Tag color={dissolved ? 'default' : 'green'}>{orgStatusLabel(o.status)}</Tag>,
    },
    { key: 'short', label: '简称', children: dash(o.shortName) },
    {
      key: 'members',
      label: '党员人数',
      children: (
        <span data-testid="org-member-counts">
          正式党员 {o.stats.fullMembers} 名，预备党员 {o.stats.probationaryMembers} 名
        </span>
      ),
    },
    { key: 'children', label: '下级党组织', children: `${o.stats.childOrgs} 个` },
  ];
  if (o.coveredUnits.length) {
    details.push({ key: 'covered', label: '覆盖单位', span: 'filled', children: o.coveredUnits.join('、') });
  }
  if (dissolved) {
    details.push(
      { key: 'dissolvedOn', label: '撤销日期', children: fmtDate(o.dissolvedOn) },
      { key: 'dissolveReason', label: '撤销原因', children: dash(o.dissolveReason) },
    );
  }

  const actions = [
    o.abilities.update && (
      <Button key="edit" icon={<EditOutlined />} onClick={() => setModal('edit')} data-testid="org-edit">
        编辑
      </Button>
    ),
    o.abilities.addChild && allowedChildKinds(o.kind).length > 0 && (
      <Button key="add" icon={<PlusOutlined />} onClick={() => setModal('add')} data-testid="org-add-child">
        新增下级组织
      </Button>
    ),
    o.abilities.update && (
      <Button
        key="term"
        icon={<UsergroupAddOutlined />}
        onClick={() => setModal('term')}
        data-testid="org-term"
      >
        换届
      </Button>
    ),
    o.abilities.move && (
      <Button key="move" icon={<SwapOutlined />} onClick={() => setModal('move')} data-testid="org-move">
        调整隶属关系
      </Button>
    ),
    o.abilities.dissolve && (
      <Button
        key="dissolve"
        danger
        icon={<DeleteOutlined />}
        onClick={() => setModal('dissolve')}
        data-testid="org-dissolve"
      >
        撤销
      </Button>
    ),
  ].filter(Boolean);

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }} data-testid="org-detail">
      <Card>
        <Breadcrumb
          style={{ marginBottom: 8 }}
          data-testid="org-breadcrumb"
          items={crumbs.map((c) => ({
            key: c.id,
            title:
              c.id === o.id ? (
                c.name
              ) : (
                <a
                  href={`/orgs/${c.id}`}
                  onClick={(e) => {
                    e.preventDefault();
                    onOpen(c.id);
                  }}
                >
                  {c.name}
                </a>
              ),
          }))}
        />
        <div className="page-header" style={{ alignItems: 'flex-start' }}>
          <div style={{ minWidth: 0 }}>
            <Typography.Title level={4} style={{ margin: 0 }} data-testid="org-name">
              <ApartmentOutlined style={{ color: '#b7141b', marginInlineEnd: 8 }} />
              {o.name}
            </Typography.Title>
            <Space size={4} wrap style={{ marginTop: 8 }}>
              <Tag color="red">{orgKindLabel(o.kind)}</Tag>
              <Tag>{sectorLabel(o.sector)}</Tag>
              {dissolved ? <Tag color="default">已撤销</Tag> : null}
              {o.violations.some((v) => v.severity === 'error') ? <Tag color="error">存在违规</Tag> : null}
            </Space>
          </div>
          {actions.length ? <Space wrap>{actions}</Space> : null}
        </div>
        <div className="stat-grid" style={{ marginTop: 16 }}>
          <Statistic title="党员总数" value={o.memberCount} suffix="名" />
          <Statistic title="正式党员" value={o.stats.fullMembers} suffix="名" />
          <Statistic title="预备党员" value={o.stats.probationaryMembers} suffix="名" />
          <Statistic title="下级党组织" value={o.stats.childOrgs} suffix="个" />
        </div>
        {canReadMembers || canReadOrgLife ? (
          <Space wrap style={{ marginTop: 12 }}>
            {canReadMembers ? (
              <Link to={`/members?orgId=${o.id}`} data-testid="org-members-link">
                <Button type="primary" ghost icon={<TeamOutlined />}>
                  查看本组织党员名册（{o.memberCount}名）
                </Button>
              </Link>
            ) : null}
            {canReadOrgLife && isBranchKind(o.kind) ? (
              <Link to={`/orgs/${o.id}/orglife`} data-testid="org-orglife-link">
                <Button icon={<CalendarOutlined />}>组织生活日历</Button>
              </Link>
            ) : null}
            {canReadOrgLife && o.stats.childOrgs > 0 && !isBranchKind(o.kind) ? (
              <Link to={`/compliance?orgId=${o.id}`} data-testid="org-compliance-link">
                <Button icon={<HeatMapOutlined />}>组织生活合规看板</Button>
              </Link>
            ) : null}
          </Space>
        ) : null}
      </Card>

      <Card
        title="规则检查"
        data-testid="org-violations"
        extra={<span className="muted small">依据党内法规自动检查</span>}
      >
        <Violations items={o.violations} />
      </Card>

      <Card title="基本信息">
        <Descriptions
          items={details}
          column={{ xs: 1, sm: 1, md: 2, lg: 2, xl: 2, xxl: 3 }}
          size="small"
          data-testid="org-descriptions"
        />
      </Card>

      <Card title="班子成员" data-testid="org-committee">
        <Committee org={o} />
      </Card>

      <Card title="历史沿革">
        <History id={o.id} />
      </Card>

      {modal === 'edit' ? <OrgEditModal org={o} open onClose={() => setModal(null)} /> : null}
      {modal === 'add' ? (
        <OrgCreateModal parent={o} open onClose={() => setModal(null)} onCreated={onOpen} />
      ) : null}
      {modal === 'move' ? <OrgMoveModal org={o} open onClose={() => setModal(null)} /> : null}
      {modal === 'dissolve' ? <OrgDissolveModal org={o} open onClose={() => setModal(null)} /> : null}
      {modal === 'term' ? <TermModal org={o} open onClose={() => setModal(null)} /> : null}
    </Space>
  );
}
