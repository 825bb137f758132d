import { Alert, Button, Card, Form, Input, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useResetPassword } from '../../api/accounts';
import { applyApiErrors } from '../../components/formErrors';
import { MemberApp } from '../../components/MemberApp';
import { PHONE_RULES, SMS_CODE_RULES, SmsCodeButton, sameAs } from './SmsCodeButton';
import './accounts.css';

interface Values {
  phone: string;
  code: string;
  newPassword: string;
  confirm: string;
}

/**
 * 忘记密码 (`/forgot-password`, public, phone-first): a code to the phone in one's member record,
 * then a new password; every device is signed out and the member signs in again.
 */
export default function ForgotPasswordPage() {
  const [form] = Form.useForm<Values>();
  const reset = useResetPassword();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [sent, setSent] = useState(false);
  const [done, setDone] = useState(false);

  const onFinish = async (v: Values) => {
    setError(null);
    try {
      await reset.mutateAsync({ phone: v.phone.trim(), code: v.code.trim(), newPassword: v.newPassword });
      setDone(true);
    } catch (e) {
      setError(applyApiErrors(form, e));
    }
  };

  return (
    <MemberApp className="account-page">
      <Card className="account-card" variant="borderless" data-testid="forgot-card">
        {done ? (
          <Result
            status="success"
            title="密码已重置"
            subTitle="所有设备已退出登录，请用新密码登录。"
            extra={
              <Button
                type="primary"
                size="large"
                block
                onClick={() => navigate('/login', { replace: true })}
                data-testid="forgot-login"
              >
                去登录
              </Button>
            }
            data-testid="forgot-done"
          />
        ) : (
          <>
            <h1 className="account-title">忘记密码</h1>
            <Typography.Paragraph type="secondary">
              验证码将发送到您党员档案中登记的手机号。手机号已更换的，请联系党组织书记更新档案。
            </Typography.Paragraph>
            {error ? (
              <Alert
                type="error"
                showIcon
                title={error}
                className="account-alert"
                data-testid="forgot-error"
              />
            ) : null}
            {sent && !error ? (
              <Alert
                type="info"
                showIcon
                className="account-alert"
                title="如该手机号已开通账号，验证码已发送，5分钟内有效。"
                data-testid="forgot-sent"
              />
            ) : null}
            <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
              <Form.Item name="phone" label="手机号" rules={PHONE_RULES}>
                <Input inputMode="tel" autoComplete="tel" maxLength={20} data-testid="forgot-phone" />
              </Form.Item>
              <Form.Item label="验证码" required>
                <div className="account-code-row">
                  <Form.Item name="code" noStyle rules={SMS_CODE_RULES}>
                    <Input
                      inputMode="numeric"
                      autoComplete="one-time-code"
                      maxLength={6}
                      data-testid="forgot-code"
                    />
                  </Form.Item>
                  <SmsCodeButton
                    form={form}
                    purpose="reset"
                    onError={setError}
                    onSent={() => setSent(true)}
                    testId="forgot-send"
                  />
                </div>
              </Form.Item>
              <Form.Item
                name="newPassword"
                label="新密码"
                extra="至少10位，含大写字母、小写字母、数字、符号中的至少3类"
                rules={[{ required: true, message: '请输入新密码' }]}
              >
                <Input.Password autoComplete="new-password" data-testid="forgot-password" />
              </Form.Item>
              <Form.Item
                name="confirm"
                label="确认新密码"
                dependencies={['newPassword']}
                rules={sameAs('newPassword')}
              >
                <Input.Password autoComplete="new-password" data-testid="forgot-confirm" />
              </Form.Item>
              <Button
                type="primary"
                htmlType="submit"
                block
                loading={reset.isPending}
                data-testid="forgot-submit"
              >
                重置密码
              </Button>
            </Form>
            <div className="account-links">
              <Link to="/login">返回登录</Link>
              <Link to="/activate">激活账号</Link>
            </div>
          </>
        )}
      </Card>
    </MemberApp>
  );
}
