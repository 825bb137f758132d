import { useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useActivate } from '../../api/accounts';
import { ApiError } from '../../api/client';
import { applyApiErrors } from '../../components/formErrors';
import { MemberApp } from '../../components/MemberApp';
import { sameAs } from './SmsCodeButton';
import './accounts.css';

interface Values {
  code: string;
  idTail: string;
  password: string;
  confirm: string;
}

/**
 * 激活账号 (`/activate`, public, phone-first): the code from the slip the secretary handed out, the
 * last six characters of one's ID number, and a password; the member is signed in and lands on
 * their home.
 */
export default function ActivatePage() {
  const [form] = Form.useForm<Values>();
  const activate = useActivate();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [error, setError] = useState<string | null>(null);

  const onFinish = async (v: Values) => {
    setError(null);
    try {
      const r = await activate.mutateAsync({
        code: v.code.trim(),
        idTail: v.idTail.trim(),
        password: v.password,
      });
      queryClient.clear();
      message.success({
        content: `账号已激活。您的用户名是 ${r.username}，也可以用手机号登录。`,
        duration: 8,
      });
      navigate('/my', { replace: true });
    } catch (e) {
      // The code and the ID tail share one answer (which one was wrong is not said): one alert.
      if (e instanceof ApiError && e.code.startsWith('ACCOUNTS_ACTIVATION')) setError(e.message);
      else setError(applyApiErrors(form, e));
    }
  };

  return (
    <MemberApp className="account-page">
      <Card className="account-card" variant="borderless" data-testid="activate-card">
        <h1 className="account-title">激活账号</h1>
        <Typography.Paragraph type="secondary">
          请输入党组织书记发给您的激活码和本人身份证号的后6位，并设置登录密码。
        </Typography.Paragraph>
        {error ? (
          <Alert type="error" showIcon title={error} className="account-alert" data-testid="activate-error" />
        ) : null}
        <Form<Values> form={form} layout="vertical" size="large" requiredMark={false} onFinish={onFinish}>
          <Form.Item
            name="code"
            label="激活码"
            extra="激活单上的8位字母和数字，如 ABCD-EFGH"
            rules={[{ required: true, whitespace: true, message: '请输入激活码' }]}
          >
            <Input
              autoComplete="one-time-code"
              autoCapitalize="characters"
              spellCheck={false}
              maxLength={20}
              placeholder="ABCD-EFGH"
              data-testid="activate-code"
            />
          </Form.Item>
          <Form.Item
            name="idTail"
            label="身份证号后6位"
            rules={[
              { required: true, whitespace: true, message: '请输入身份证号后6位' },
              { pattern: /^\s*\d{5}[\dXx]\s*$/, message: '应为6位数字，最后一位可为X' },
            ]}
          >
            <Input
              maxLength={6}
              autoComplete="off"
              inputMode="text"
              placeholder="如 12345X"
              data-testid="activate-id-tail"
            />
          </Form.Item>
          <Form.Item
            name="password"
            label="设置密码"
            extra="至少10位，含大写字母、小写字母、数字、符号中的至少3类"
            rules={[{ required: true, message: '请设置密码' }]}
          >
            <Input.Password autoComplete="new-password" data-testid="activate-password" />
          </Form.Item>
          <Form.Item name="confirm" label="确认密码" dependencies={['password']} rules={sameAs('password')}>
            <Input.Password autoComplete="new-password" data-testid="activate-confirm" />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={activate.isPending}
            data-testid="activate-submit"
          >
            激活并登录
          </Button>
        </Form>
        <div className="account-links">
          <Link to="/login">已激活？去登录</Link>
          <Link to="/forgot-password">忘记密码</Link>
        </div>
      </Card>
    </MemberApp>
  );
}
