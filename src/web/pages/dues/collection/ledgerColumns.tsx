import { Button, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import {
  DUES_CATEGORY_LABELS,
  type LedgerStatus,
  monthRangeText,
  ratePercent,
  yuan,
} from '../../../../domain/dues';
import type { LedgerRow } from '../../../api/dues';
import { fmtDate } from '../../../format';
import { StatusTag } from '../common';

export const monthNo = (m: string) => Number(m.slice(5, 7));

/**
 * 连续未交: the months of today's run (ending last month, the months named under it); a member who
 * owes only this month has no run and reads 本月未交 (issue #16: "—" beside 未交 read as a contradiction).
 */
export function StreakCell({ s, sheetMonth }: { s: LedgerRow['standing']; sheetMonth: string }) {
  const n = s.unpaidStreak;
  if (n > 0 && s.streakFrom && s.streakTo) {
    return (
      <div data-testid="ledger-streak">
        <Tag color={n >= 6 ? 'red' : n >= 3 ? 'orange' : 'default'} style={{ marginInlineEnd: 0 }}>
          {n}个月
        </Tag>
        <div className="muted small">{monthRangeText(s.streakFrom, s.streakTo).replace(/^\d{4}年/, '')}</div>
      </div>
    );
  }
  if (s.currentUnpaid) {
    return (
      <span className="muted" data-testid="ledger-streak">
        {/* On another month's sheet "本月" would read as that month: today's month is named. */}
        {sheetMonth === s.month ? '本月未交' : `${monthNo(s.month)}月未交`}
      </span>
    );
  }
  return <span className="muted">—</span>;
}

/**
 * The collection sheet's columns: who, the dues basis (wider screens), the sheet month's expected,
 * paid, unpaid and status, today's arrears and unpaid run, and 登记交纳.
 */
export function ledgerColumns({
  manyOrgs,
  isPhone,
  month,
  currentMonth,
  onPay,
}: {
  /** A subtree's sheet names each row's org. */
  manyOrgs: boolean;
  isPhone: boolean;
  /** The sheet's month (YYYY-MM). */
  month: string;
  /** Today's month as the server counts it. */
  currentMonth: string;
  onPay: (row: LedgerRow) => void;
}): ColumnsType<LedgerRow> {
  return [
    {
      title: '姓名',
      dataIndex: 'memberName',
      width: 96,
      fixed: 'left',
      render: (name: string, r) => (
        <Link to={`/members/${r.memberId}`} data-testid="ledger-name">
          {name}
        </Link>
      ),
    },
    ...(manyOrgs ? [{ title: '党组织', dataIndex: 'orgName', ellipsis: true, width: 160 } as const] : []),
    {
      title: '党费类别',
      responsive: ['md'],
      dataIndex: 'category',
      width: 130,
      ellipsis: true,
      render: (c: LedgerRow['category']) =>
        c ? <span title={DUES_CATEGORY_LABELS[c]}>{DUES_CATEGORY_LABELS[c]}</span> : '—',
    },
    {
      title: '月基数',
      responsive: ['md'],
      dataIndex: 'baseFen',
      align: 'right',
      width: 100,
      render: (v: number | null) => (v === null ? '—' : yuan(v)),
    },
    {
      title: '比例',
      responsive: ['md'],
      dataIndex: 'rateBp',
      align: 'right',
      width: 64,
      render: (v: number | null) => (v === null ? '—' : ratePercent(v)),
    },
    {
      // The sheet's month; the two columns after it speak of today (往月 = before today's month).
      title: `${monthNo(month)}月${month === currentMonth ? '（本月）' : ''}`,
      key: 'month',
      children: [
        {
          title: '应交',
          dataIndex: 'expectedFen',
          align: 'right',
          width: 80,
          render: (v: number | null) => (v === null ? '—' : yuan(v)),
        },
        {
          title: '已交',
          dataIndex: 'paidFen',
          align: 'right',
          width: 80,
          render: (v: number) => <span data-testid="ledger-paid">{yuan(v)}</span>,
        },
        {
          title: '未交',
          dataIndex: 'balanceFen',
          align: 'right',
          width: 80,
          render: (v: number) => (
            <span style={{ color: v > 0 ? '#cf1322' : undefined }} data-testid="ledger-balance">
              {yuan(v)}
            </span>
          ),
        },
        {
          title: '状态',
          dataIndex: 'status',
          width: 92,
          render: (st: LedgerStatus, r) => (
            <>
              <StatusTag status={st} />
              {r.paidOnline ? (
                <Tag color="cyan" data-testid="ledger-online">
                  在线
                </Tag>
              ) : null}
            </>
          ),
        },
      ],
    },
    {
      title: '往月欠交',
      key: 'arrears',
      align: 'right',
      width: 96,
      render: (_: unknown, r) =>
        r.standing.arrearsFen > 0 ? (
          <div data-testid="ledger-arrears">
            <span style={{ color: '#cf1322', fontWeight: 600 }}>{yuan(r.standing.arrearsFen)}</span>
            <div className="muted small">{r.standing.owedMonths.length}个月</div>
          </div>
        ) : (
          <span className="muted" data-testid="ledger-arrears">
            —
          </span>
        ),
    },
    {
      title: '连续未交',
      key: 'streak',
      width: 104,
      align: 'center',
      render: (_: unknown, r) => <StreakCell s={r.standing} sheetMonth={month} />,
    },
    {
      title: '最后交纳',
      responsive: ['md'],
      dataIndex: 'lastPaidOn',
      width: 104,
      render: fmtDate,
    },
    {
      title: '操作',
      key: 'act',
      width: 92,
      fixed: isPhone ? undefined : 'right',
      render: (_: unknown, r) =>
        r.abilities.pay ? (
          <Button
            size="small"
            type={r.balanceFen > 0 ? 'primary' : 'default'}
            ghost={r.balanceFen > 0}
            onClick={(e) => {
              e.stopPropagation();
              onPay(r);
            }}
            data-testid="ledger-pay"
          >
            登记交纳
          </Button>
        ) : null,
    },
  ];
}
