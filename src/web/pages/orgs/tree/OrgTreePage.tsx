import { HistoryOutlined } from '@ant-design/icons';
import { Alert, Card, DatePicker, Empty, Space } from 'antd';
import type { Dayjs } from 'dayjs';
import dayjs from 'dayjs';
import { useEffect, useRef, useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { useOrgRoots } from '../../../api/hooks';
import { OrgPicker } from '../../../components/OrgPicker';
import { PageHeader } from '../../../components/PageHeader';
import { useIsPhone } from '../../../hooks/useMediaQuery';
import { OrgDetail } from './OrgDetail';
import { OrgTree, type OrgTreeHandle } from './OrgTree';

/** 组织架构: the lazy tree on the left, the selected org on the right. */
export default function OrgTreePage() {
  const params = useParams();
  const navigate = useNavigate();
  const selectedId = params.id ? Number(params.id) : undefined;
  const roots = useOrgRoots();
  const [asOf, setAsOf] = useState<Dayjs | null>(null);
  const treeRef = useRef<OrgTreeHandle>(null);
  const asOfIso = asOf ? asOf.format('YYYY-MM-DD') : undefined;

  // Without a selection, open the first scope root.
  useEffect(() => {
    if (!selectedId && roots.data?.length) navigate(`/orgs/${roots.data[0]!.id}`, { replace: true });
  }, [selectedId, roots.data, navigate]);

  const isPhone = useIsPhone();
  const detailRef = useRef<HTMLDivElement>(null);
  // On a phone the details sit below the tree: bring them into view after a pick.
  const open = (id: number) => {
    navigate(`/orgs/${id}`);
    if (isPhone)
      setTimeout(() => detailRef.current?.scrollIntoView({ behavior: 'smooth', block: 'start' }), 100);
  };

  return (
    <div className="page">
      <PageHeader
        title="组织架构"
        subtitle="按层级查看党组织，点击节点查看详情；可按日期查看历史上的组织架构。"
      />
      <div className="org-split">
        <Card className="org-tree-card" data-testid="org-tree-card">
          <Space orientation="vertical" size={10} style={{ width: '100%' }}>
            <OrgPicker
              value={undefined}
              placeholder="搜索党组织（名称、拼音或首字母）"
              onChange={(id) => {
                if (!id) return;
                open(id);
                void treeRef.current?.reveal(id);
              }}
              style={{ width: '100%' }}
              testId="org-search"
            />
            <DatePicker
              value={asOf}
              onChange={setAsOf}
              placeholder="历史视图：选择日期"
              style={{ width: '100%' }}
              prefix={<HistoryOutlined />}
              disabledDate={(d) => d.isAfter(dayjs(), 'day')}
              data-testid="org-asof"
            />
            {asOfIso ? (
              <Alert
                type="info"
                showIcon
                title={`正在查看 ${asOfIso} 的组织架构`}
                style={{ padding: '4px 10px' }}
              />
            ) : null}
            <OrgTree ref={treeRef} selectedId={selectedId} asOf={asOfIso} onSelect={open} />
          </Space>
        </Card>
        <div style={{ minWidth: 0, scrollMarginTop: 72 }} ref={detailRef}>
          {selectedId ? (
            <OrgDetail
              id={selectedId}
              onOpen={(id) => {
                open(id);
                void treeRef.current?.reveal(id);
              }}
            />
          ) : (
            <Card>
              <Empty description="请在左侧选择党组织" />
            </Card>
          )}
        </div>
      </div>
    </div>
  );
}
