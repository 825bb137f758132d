import { Button, Checkbox, Empty, Tag } from 'antd';
import { Link } from 'react-router';
import { yuan } from '../../../../domain/dues';
import type { LedgerRow } from '../../../api/dues';
import { StatusTag } from '../common';
import { StreakCell } from './ledgerColumns';

/**
 * The collection sheet on a phone (a branch secretary at a meeting, issue #19 item 4): one member
 * per row instead of a ten-column table — name and status, the month's 应交 / 已交 / 未交, today's
 * arrears, and a full-width 登记交纳 a thumb hits. The checkbox feeds the same 标记所选为已交清 as
 * the table's selection.
 */
export function CollectionList({
  rows,
  loading,
  selected,
  onSelect,
  payable,
  onPay,
  sheetMonth,
}: {
  rows: LedgerRow[];
  loading: boolean;
  selected: number[];
  onSelect: (memberIds: number[]) => void;
  payable: (r: LedgerRow) => boolean;
  onPay: (r: LedgerRow) => void;
  sheetMonth: string;
}) {
  if (!rows.length) {
    return (
      <Empty
        style={{ padding: 24 }}
        description={loading ? '加载中…' : '本月没有需要登记的党员'}
        image={Empty.PRESENTED_IMAGE_SIMPLE}
      />
    );
  }
  const toggle = (id: number, on: boolean) =>
    onSelect(on ? [...selected, id] : selected.filter((s) => s !== id));
  return (
    <ul className="member-list collection-list" data-testid="collection-list">
      {rows.map((r) => (
        <li key={r.memberId} className="member-list-item collection-item" data-testid="collection-item">
          <div className="collection-item-head">
            <Checkbox
              checked={selected.includes(r.memberId)}
              disabled={!payable(r)}
              onChange={(e) => toggle(r.memberId, e.target.checked)}
              aria-label={`选择${r.memberName}`}
            />
            <Link to={`/members/${r.memberId}`} className="member-list-title" data-testid="ledger-name">
              {r.memberName}
            </Link>
            <StatusTag status={r.status} />
            {r.paidOnline ? (
              <Tag color="cyan" style={{ marginInlineEnd: 0 }} data-testid="ledger-online">
                在线
              </Tag>
            ) : null}
          </div>
          <dl className="collection-figures">
            <div>
              <dt>应交</dt>
              <dd>{r.expectedFen === null ? '—' : yuan(r.expectedFen)}</dd>
            </div>
            <div>
              <dt>已交</dt>
              <dd data-testid="ledger-paid">{yuan(r.paidFen)}</dd>
            </div>
            <div>
              <dt>未交</dt>
              <dd className={r.balanceFen > 0 ? 'text-danger' : undefined} data-testid="ledger-balance">
                {yuan(r.balanceFen)}
              </dd>
            </div>
          </dl>
          {r.standing.arrearsFen > 0 || r.standing.unpaidStreak > 0 || r.standing.currentUnpaid ? (
            <div className="member-list-meta">
              {r.standing.arrearsFen > 0 ? (
                <span data-testid="ledger-arrears">
                  往月欠交 <b className="text-danger">{yuan(r.standing.arrearsFen)}</b> 元（
                  {r.standing.owedMonths.length}个月）
                </span>
              ) : null}
              <StreakCell s={r.standing} sheetMonth={sheetMonth} />
            </div>
          ) : null}
          {r.abilities.pay ? (
            <Button
              block
              size="large"
              type={r.balanceFen > 0 ? 'primary' : 'default'}
              onClick={() => onPay(r)}
              data-testid="collection-pay"
            >
              登记交纳
            </Button>
          ) : null}
        </li>
      ))}
    </ul>
  );
}
