import { CheckCircleFilled, CloseCircleFilled, SafetyCertificateFilled } from '@ant-design/icons';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Spin } from 'antd';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { yuan } from '../../../../domain/dues';
import { errorMessage } from '../../../api/client';
import { cashierPay, cashierView } from '../../../api/duesOnline';
import { MemberApp } from '../../../components/MemberApp';
import { fmtDateTime } from '../../../format';
import { monthText } from '../common';
import './cashier.css';

/**
 * The simulated payment provider's cashier (`/pay/simulated/:orderNo?token=`, decision 0041): a
 * page of the app that plays the provider in the demo and the tests, looking like a cashier (the
 * merchant, the amount, 支付 / 取消). 支付 makes the server-side simulator sign its notification
 * and send it to our callback endpoint, exactly as a real provider would; then the member goes back
 * to 我的党费, which shows the result. Public: the token in the URL is the credential.
 */
export default function SimulatedCashierPage() {
  const { orderNo = '' } = useParams();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const navigate = useNavigate();
  const view = useQuery({
    queryKey: ['cashier', orderNo, token],
    queryFn: () => cashierView(orderNo, token),
    enabled: !!orderNo && !!token,
    retry: false,
  });
  const pay = useMutation({
    mutationFn: () => cashierPay(orderNo, token),
    onSuccess: (r) => navigate(r.returnUrl, { replace: true }),
  });
  const o = view.data;

  return (
    <MemberApp className="cashier">
      <div className="cashier-top">
        <SafetyCertificateFilled /> 模拟支付收银台
      </div>
      <div className="cashier-note">演示用：本页模拟支付机构，不发生真实扣款</div>
      {view.isLoading ? (
        <Spin style={{ display: 'block', margin: '48px auto' }} />
      ) : !o ? (
        <Alert
          type="error"
          showIcon
          message="订单不存在或链接已失效"
          description="请回到“我的党费”重新发起在线缴纳。"
          style={{ margin: 16 }}
        />
      ) : (
        <div className="cashier-body">
          <div className="cashier-merchant" data-testid="cashier-merchant">
            {o.merchant}
          </div>
          <div className="cashier-amount" data-testid="cashier-amount">
            <span className="cashier-currency">¥</span>
            {yuan(o.amountFen)}
          </div>
          <dl className="cashier-details">
            <dt>商品</dt>
            <dd>党费（{o.months.map(monthText).join('、')}）</dd>
            <dt>订单号</dt>
            <dd className="cashier-order-no">{o.orderNo}</dd>
            <dt>有效期至</dt>
            <dd>{fmtDateTime(o.expiresAt)}</dd>
          </dl>
          {o.status === 'pending' ? (
            <>
              {pay.error ? (
                <Alert type="error" showIcon message={errorMessage(pay.error)} style={{ marginBottom: 12 }} />
              ) : null}
              <Button
                type="primary"
                size="large"
                block
                className="cashier-pay"
                loading={pay.isPending}
                onClick={() => pay.mutate()}
                data-testid="cashier-pay"
              >
                支付 ¥{yuan(o.amountFen)}
              </Button>
              <Button
                size="large"
                block
                type="text"
                onClick={() => navigate('/me/dues', { replace: true })}
                data-testid="cashier-cancel"
              >
                取消
              </Button>
            </>
          ) : (
            <div className="cashier-done">
              {o.status === 'paid' ? (
                <>
                  <CheckCircleFilled style={{ color: '#52c41a' }} /> 该订单已支付
                </>
              ) : (
                <>
                  <CloseCircleFilled style={{ color: '#ff4d4f' }} /> 该订单已关闭
                </>
              )}
              <Button size="large" block onClick={() => navigate(`/me/dues?order=${o.orderNo}`)}>
                返回我的党费
              </Button>
            </div>
          )}
        </div>
      )}
    </MemberApp>
  );
}
