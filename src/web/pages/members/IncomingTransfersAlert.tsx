import { Alert } from 'antd';
import { Link } from 'react-router';
import { useTransfers } from '../../api/hooks';
import type { Me } from '../../api/types';

const SHOWN = 3;

/**
 * 待转入: pending internal transfers into the list's org (or the user's scope), so that the
 * receiving branch sees them on 党员名册 and not only on the transfers page.
 */
export function IncomingTransfersAlert({ me, orgId }: { me: Me; orgId?: number }) {
  const enabled = me.permissions.includes('transfer.read');
  const incoming = useTransfers({ direction: 'in', status: 'pending', orgId, pageSize: 50 }, enabled);
  const list = incoming.data?.data ?? [];
  if (!enabled || !list.length) return null;
  const total = incoming.data?.total ?? list.length;
  const targets = new Set(list.map((t) => t.toOrgId));
  const own =
    targets.size === 1 &&
    (orgId !== undefined ? targets.has(orgId) : me.scopeRoots.some((r) => targets.has(r.orgId)));
  const where = own ? '本组织' : orgId !== undefined ? '所选党组织及其下级组织' : '您管辖的党组织';
  // Where each comes from matters to the receiving branch; across several orgs, names keep it short.
  const names = list
    .slice(0, SHOWN)
    .map((t) => (own ? `${t.memberName}（来自${t.fromOrgName}）` : t.memberName))
    .join('、');
  return (
    <Alert
      type="warning"
      showIcon
      data-testid="incoming-transfers"
      title={
        <span>
          有 {total} 名党员的组织关系待转入{where}：{names}
          {total > SHOWN ? ' 等' : ''}
        </span>
      }
      action={
        <Link to="/transfers?direction=in&status=pending" data-testid="incoming-transfers-link">
          去处理
        </Link>
      }
    />
  );
}
