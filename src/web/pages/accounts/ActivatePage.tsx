import { useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useActivate } from '../../api/accounts';
import { ApiError } from '../../api/client';
import {
  apiFieldErrors,
  type FieldErrors,
  PASSWORD_HINT,
  sameAsError,
  useLightForm,
} from '../../components/light/fieldErrors';
import { LightAlert, LightButton, LightField } from '../../components/light/Light';
import { PublicFrame } from '../../components/light/PublicFrame';
import { toast } from '../../components/light/toast';

type Field = 'code' | 'idTail' | 'password' | 'confirm';
const FIELDS: readonly Field[] = ['code', 'idTail', 'password', 'confirm'];

/**
 * 激活账号 (`/activate`, public, phone-first): the code from the slip the secretary handed out, the
 * last six characters of one's ID number, and a password; the member is signed in and lands on
 * their home. The first page a new member ever opens, so it is built like the login page from the
 * light components, without antd (issue #19, the first load).
 */
export default function ActivatePage() {
  const activate = useActivate();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [error, setError] = useState<string | null>(null);
  const { values, setErrors, bind } = useLightForm<Field>({
    code: '',
    idTail: '',
    password: '',
    confirm: '',
  });

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault();
    const idTail = values.idTail.trim();
    const found: FieldErrors<Field> = {
      code: values.code.trim() ? null : '请输入激活码',
      idTail: !idTail
        ? '请输入身份证号后6位'
        : /^\d{5}[\dXx]$/.test(idTail)
          ? null
          : '应为6位数字，最后一位可为X',
      password: values.password ? null : '请设置密码',
      confirm: sameAsError(values.confirm, values.password),
    };
    setErrors(found);
    if (FIELDS.some((f) => found[f])) return;
    setError(null);
    try {
      const r = await activate.mutateAsync({ code: values.code.trim(), idTail, password: values.password });
      queryClient.clear();
      toast.success(`账号已激活。您的用户名是 ${r.username}，也可以用手机号登录。`, 8000);
      navigate('/my', { replace: true });
    } catch (err) {
      // The code and the ID tail share one answer (which one was wrong is not said): one alert.
      if (err instanceof ApiError && err.code.startsWith('ACCOUNTS_ACTIVATION')) setError(err.message);
      else {
        const split = apiFieldErrors(err, FIELDS);
        setErrors(split.fields);
        setError(split.message);
      }
    }
  };

  return (
    <PublicFrame title="激活账号" testId="activate-card">
      <h1 className="account-title">激活账号</h1>
      <p className="account-lead">请输入党组织书记发给您的激活码和本人身份证号的后6位，并设置登录密码。</p>
      {error ? <LightAlert data-testid="activate-error">{error}</LightAlert> : null}
      <form onSubmit={onSubmit} noValidate>
        <LightField
          label="激活码"
          {...bind('code')}
          hint="激活单上的8位字母和数字，如 ABCD-EFGH"
          autoComplete="one-time-code"
          autoCapitalize="characters"
          spellCheck={false}
          maxLength={20}
          placeholder="ABCD-EFGH"
          data-testid="activate-code"
        />
        <LightField
          label="身份证号后6位"
          {...bind('idTail')}
          maxLength={6}
          autoComplete="off"
          inputMode="text"
          placeholder="如 12345X"
          data-testid="activate-id-tail"
        />
        <LightField
          label="设置密码"
          {...bind('password')}
          type="password"
          hint={PASSWORD_HINT}
          autoComplete="new-password"
          data-testid="activate-password"
        />
        <LightField
          label="确认密码"
          {...bind('confirm')}
          type="password"
          autoComplete="new-password"
          data-testid="activate-confirm"
        />
        <LightButton type="submit" primary block loading={activate.isPending} data-testid="activate-submit">
          激活并登录
        </LightButton>
      </form>
      <div className="account-links login-links">
        <Link to="/login">已激活？去登录</Link>
        <Link to="/forgot-password">忘记密码</Link>
      </div>
    </PublicFrame>
  );
}
