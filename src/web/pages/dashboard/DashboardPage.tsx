import { ApartmentOutlined, ShopOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { Link, useNavigate } from 'react-router';
import { z } from 'zod';
import { useDashboard } from '../../api/dashboard';
import { useMe } from '../../api/hooks';
import { FilterBar } from '../../components/FilterBar';
import { OrgPicker } from '../../components/OrgPicker';
import { PageHeader } from '../../components/PageHeader';
import { QueryState } from '../../components/QueryState';
import { param, useUrlFilters } from '../../hooks/useUrlFilters';
import { orgKindLabel } from '../../labels';
import './dashboard.css';
import { Comparison } from './Comparison';
import { RED } from './charts';
import { Figures } from './Figures';

const filterSchema = z.object({ orgId: param.int(), childrenPage: param.int() });

/**
 * 数据看板 (`/dashboard?orgId=`): figures of an org's whole subtree with charts that open the
 * matching lists, and the direct children side by side.
 */
export default function DashboardPage() {
  const { filters, setFilters } = useUrlFilters(filterSchema);
  const navigate = useNavigate();
  const { data: me } = useMe();
  const orgId = filters.orgId ?? me?.scopeRoots[0]?.orgId;
  const q = useDashboard(orgId, filters.childrenPage);
  const open = (id: number) => {
    // A pushed entry: the back button climbs back out of a drill-down.
    setFilters({ orgId: id, childrenPage: undefined }, { push: true });
    window.scrollTo({ top: 0 });
  };

  return (
    <div className="page">
      <PageHeader
        title="数据看板"
        subtitle="所选党组织及全部下级的党员队伍、组织设置、两新组织覆盖与重点工作，点击图表查看对应名单。"
        extra={
          <Link to={orgId ? `/coverage?orgId=${orgId}` : '/coverage'}>
            <Button icon={<ShopOutlined />}>两新组织覆盖</Button>
          </Link>
        }
      />
      <FilterBar>
        <OrgPicker
          value={orgId}
          onChange={(id) => id && open(id)}
          allowClear={false}
          placeholder="选择党组织"
          style={{ width: 340 }}
          className="filter-wide"
          testId="dashboard-org"
        />
      </FilterBar>
      <QueryState query={q} idle={!orgId && '请选择党组织'} skeletonRows={10}>
        {(d) => (
          <div className="page">
            <div className="dash-title">
              <h2 data-testid="dashboard-org-name">
                <ApartmentOutlined style={{ color: RED, marginInlineEnd: 8 }} />
                {d.orgName}
              </h2>
              <span className="muted small">
                {orgKindLabel(d.orgKind)}
                {d.childrenTotal ? ' · 含全部下级' : ''} · 截至 {d.today}
              </span>
            </div>
            <Figures d={d} go={(link) => navigate(link)} />
            {d.childrenTotal ? (
              <Comparison
                d={d}
                onOpen={open}
                onPage={(p) => setFilters({ childrenPage: p > 1 ? p : undefined })}
              />
            ) : null}
          </div>
        )}
      </QueryState>
    </div>
  );
}
