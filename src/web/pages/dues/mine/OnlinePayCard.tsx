import { CheckCircleFilled, ClockCircleFilled, CloseCircleFilled } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Checkbox, Empty, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { yuan } from '../../../../domain/dues';
import { errorMessage } from '../../../api/client';
import {
  type OnlineOrder,
  useCancelOrder,
  useCreateOrder,
  useMyOnline,
  useOnlineOrder,
} from '../../../api/duesOnline';
import { fmtDateTime } from '../../../format';
import { monthText } from '../common';

/**
 * 在线缴纳 on 我的党费 (decision 0041): the months due with check boxes (the oldest first, without
 * gaps: ticking a month ticks the ones before it, unticking one unticks the ones after), the total,
 * and 去支付 to the provider's cashier; a pending order offers 继续支付 and 取消. Back from the
 * cashier (`?order=`) the order's result is shown until its callback has booked it.
 */
export function OnlinePayCard() {
  const [params, setParams] = useSearchParams();
  const returned = params.get('order');
  const q = useMyOnline();
  const result = useOnlineOrder(returned);
  const create = useCreateOrder();
  const cancel = useCancelOrder();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const due = q.data?.due ?? [];
  /** How many of the oldest months are ticked. */
  const [count, setCount] = useState(1);
  const dueKey = due.map((d) => d.month).join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset when the months due change
  useEffect(() => setCount(Math.min(1, due.length)), [dueKey]);

  const back = result.data;
  const qc = useQueryClient();
  // The callback books within a moment of paying: ask again until the order is settled, then read
  // the member's dues again (what was cached before the cashier still shows the months unpaid).
  const backStatus = back?.status;
  // biome-ignore lint/correctness/useExhaustiveDependencies: once per order state (a refetch returns a new object)
  useEffect(() => {
    if (!backStatus) return;
    if (backStatus !== 'pending') {
      qc.invalidateQueries({ queryKey: ['dues'] });
      qc.invalidateQueries({ queryKey: ['members'] });
      return;
    }
    const t = setInterval(() => result.refetch(), 1500);
    return () => clearInterval(t);
  }, [backStatus, returned]);

  if (!q.data) return null;
  const d = q.data;
  // The order just settled is not pending any more, whatever an older read of the page said.
  const pending =
    d.pending && !(back && back.orderNo === d.pending.orderNo && back.status !== 'pending')
      ? d.pending
      : null;
  const chosen = due.slice(0, count);
  const total = chosen.reduce((s, m) => s + m.balanceFen, 0);

  const pay = async () => {
    try {
      const order = await create.mutateAsync(chosen.map((m) => m.month));
      if (order.payUrl) navigate(order.payUrl);
    } catch (e) {
      message.error(errorMessage(e));
    }
  };

  return (
    <Card title="在线缴纳" data-testid="online-pay">
      {back ? <ReturnResult order={back} onClose={() => setParams({}, { replace: true })} /> : null}
      {!d.enabled ? (
        <Alert
          type="info"
          showIcon
          message="本系统未开通在线缴纳党费"
          description="请按党支部的安排，以现金或转账方式交纳党费。"
          data-testid="online-disabled"
        />
      ) : pending ? (
        <div data-testid="online-pending">
          <Alert
            type="warning"
            showIcon
            message={`有一笔待支付的订单：${pending.months.map(monthText).join('、')}，共 ${yuan(pending.amountFen)} 元`}
            description={`请在 ${fmtDateTime(pending.expiresAt)} 前完成支付，逾期订单自动关闭。`}
          />
          <Space wrap style={{ marginTop: 12 }}>
            <Button
              type="primary"
              size="large"
              disabled={!pending.payUrl}
              onClick={() => pending.payUrl && navigate(pending.payUrl)}
              data-testid="online-continue"
            >
              继续支付
            </Button>
            <Button
              size="large"
              loading={cancel.isPending}
              onClick={() =>
                cancel.mutate(pending.orderNo, {
                  onSuccess: () => message.success('订单已取消'),
                  onError: (e) => message.error(errorMessage(e)),
                })
              }
              data-testid="online-cancel"
            >
              取消订单
            </Button>
          </Space>
        </div>
      ) : due.length === 0 ? (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description="您的党费已全部交清，目前没有需要缴纳的月份"
        />
      ) : (
        <div data-testid="online-months">
          <div className="muted small" style={{ marginBottom: 4 }}>
            从最早未交的月份起连续选择：
          </div>
          <ul className="member-list">
            {due.map((m, i) => (
              <li className="member-list-item" key={m.month}>
                <Checkbox
                  checked={i < count}
                  onChange={(e) => setCount(e.target.checked ? i + 1 : i)}
                  data-testid={`online-month-${m.month}`}
                >
                  <span className="online-month">
                    <span>
                      {monthText(m.month)}
                      {m.current ? <span className="muted small">（本月）</span> : null}
                    </span>
                    <strong>{yuan(m.balanceFen)} 元</strong>
                  </span>
                </Checkbox>
              </li>
            ))}
          </ul>
          <div className="online-total">
            <span>合计</span>
            <strong data-testid="online-total">{yuan(total)} 元</strong>
          </div>
          <Button
            type="primary"
            size="large"
            block
            disabled={count === 0}
            loading={create.isPending}
            onClick={pay}
            data-testid="online-go"
          >
            去支付
          </Button>
        </div>
      )}
    </Card>
  );
}

function ReturnResult({ order, onClose }: { order: OnlineOrder; onClose: () => void }) {
  const months = order.months.map(monthText).join('、');
  const view =
    order.status === 'paid'
      ? {
          type: 'success' as const,
          icon: <CheckCircleFilled />,
          title: '支付成功',
          text: `${months}党费共 ${yuan(order.amountFen)} 元已入账。`,
        }
      : order.status === 'pending'
        ? {
            type: 'info' as const,
            icon: <ClockCircleFilled />,
            title: '正在确认支付结果…',
            text: `${months}，共 ${yuan(order.amountFen)} 元。`,
          }
        : {
            type: 'error' as const,
            icon: <CloseCircleFilled />,
            title: order.status === 'failed' ? '款项已支付但未能自动入账' : '订单已关闭',
            text:
              order.status === 'failed'
                ? '请与党支部联系，由党支部核实后处理。'
                : '未完成支付，可重新发起在线缴纳。',
          };
  return (
    <Alert
      type={view.type}
      showIcon
      icon={view.icon}
      message={<span data-testid="online-result">{view.title}</span>}
      description={view.text}
      closable
      onClose={onClose}
      style={{ marginBottom: 12 }}
    />
  );
}
