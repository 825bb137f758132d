import {
  ApartmentOutlined,
  AuditOutlined,
  BarChartOutlined,
  SwapOutlined,
  TeamOutlined,
  WarningOutlined,
} from '@ant-design/icons';
import { Button, Card, Col, Empty, Row, Skeleton, Space, Statistic, Tag } from 'antd';
import dayjs from 'dayjs';
import { Link } from 'react-router';
import { ROLE_LABELS } from '../../../../shared/contracts/permissions';
import { useMe, useOrg } from '../../../api/hooks';
import type { Me } from '../../../api/types';
import { PageHeader } from '../../../components/PageHeader';
import { orgKindLabel } from '../../../labels';
import { DevelopmentCard } from '../../development/DevelopmentCard';
import { OrgLifeCard } from '../../orglife/OrgLifeCard';

function RootCard({ orgId, stats }: { orgId: number; stats: boolean }) {
  const org = useOrg(orgId);
  if (org.isLoading) {
    return (
      <Card>
        <Skeleton active paragraph={{ rows: 3 }} />
      </Card>
    );
  }
  if (!org.data) return <Card>无法加载该党组织</Card>;
  const o = org.data;
  const errors = o.violations.filter((v) => v.severity === 'error').length;
  const warnings = o.violations.length - errors;
  return (
    <Card data-testid="scope-root-card">
      <div style={{ display: 'flex', alignItems: 'center', flexWrap: 'wrap', gap: 8, marginBottom: 16 }}>
        <ApartmentOutlined style={{ color: '#b7141b', fontSize: 18 }} />
        <Link to={`/orgs/${o.id}`} style={{ fontSize: 16, fontWeight: 600, color: 'rgba(0,0,0,0.88)' }}>
          {o.name}
        </Link>
        <Tag color="red" style={{ marginInlineEnd: 0 }}>
          {orgKindLabel(o.kind)}
        </Tag>
      </div>
      <div className="stat-grid">
        <Statistic title="党员总数" value={o.memberCount} suffix="名" />
        <Statistic title="正式党员" value={o.stats.fullMembers} suffix="名" />
        <Statistic title="预备党员" value={o.stats.probationaryMembers} suffix="名" />
        <Statistic title="下级党组织" value={o.stats.childOrgs} suffix="个" />
        <Statistic
          title="本级规则检查提示"
          value={o.violations.length}
          suffix="项"
          styles={{ content: { color: errors ? '#cf1322' : warnings ? '#d46b08' : '#389e0d' } }}
          prefix={o.violations.length ? <WarningOutlined /> : undefined}
        />
      </div>
      <Space wrap style={{ marginTop: 16 }}>
        {stats ? (
          <Link to={`/dashboard?orgId=${o.id}`} data-testid="home-dashboard-link">
            <Button type="primary" icon={<BarChartOutlined />}>
              数据看板
            </Button>
          </Link>
        ) : null}
        <Link to={`/members?orgId=${o.id}`}>
          <Button icon={<TeamOutlined />}>党员名册</Button>
        </Link>
        <Link to={`/orgs/${o.id}`}>
          <Button icon={<ApartmentOutlined />}>组织架构与规则检查</Button>
        </Link>
      </Space>
    </Card>
  );
}

function greeting(): string {
  const h = dayjs().hour();
  if (h < 6) return '夜深了';
  if (h < 12) return '上午好';
  if (h < 14) return '中午好';
  if (h < 18) return '下午好';
  return '晚上好';
}

function QuickLinks({ me }: { me: Me }) {
  const links = [
    me.permissions.includes('transfer.read') && {
      to: '/transfers?direction=in',
      icon: <SwapOutlined />,
      label: '待接收的转接',
    },
    me.permissions.includes('audit.read') && { to: '/audit', icon: <AuditOutlined />, label: '审计日志' },
  ].filter(Boolean) as { to: string; icon: React.ReactNode; label: string }[];
  if (!links.length) return null;
  return (
    <Space wrap>
      {links.map((l) => (
        <Link key={l.to} to={l.to}>
          <Button icon={l.icon}>{l.label}</Button>
        </Link>
      ))}
    </Space>
  );
}

/** 工作台: the user's scope roots with their headline figures. */
export default function HomePage() {
  const { data: me } = useMe();
  if (!me) return null;
  const roles = [...new Set(me.roles.map((r) => ROLE_LABELS[r.role]))].join('、');
  return (
    <div className="page">
      <PageHeader
        title="工作台"
        subtitle={`${greeting()}，${me.displayName}。${roles ? `当前身份：${roles}。` : ''}今天是${dayjs().format('YYYY年M月D日 dddd')}。`}
        extra={<QuickLinks me={me} />}
      />
      {me.scopeRoots.length ? (
        <Row gutter={[16, 16]}>
          {me.scopeRoots.map((r) => (
            <Col key={r.orgId} xs={24} xl={me.scopeRoots.length > 1 ? 12 : 24}>
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                <RootCard orgId={r.orgId} stats={me.permissions.includes('stats.read')} />
                {me.permissions.includes('orglife.read') ? (
                  <OrgLifeCard orgId={r.orgId} canWrite={me.permissions.includes('orglife.write')} />
                ) : null}
                {me.permissions.includes('development.read') ? <DevelopmentCard orgId={r.orgId} /> : null}
              </Space>
            </Col>
          ))}
        </Row>
      ) : (
        <Card>
          <Empty description="您的账号没有管辖的党组织" />
        </Card>
      )}
    </div>
  );
}
