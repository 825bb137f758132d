import { CheckCircleFilled, CloseCircleFilled, InfoCircleFilled, LoginOutlined } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useRef } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type { z } from 'zod';
import type { classFactsDto } from '../../../shared/contracts/learning';
import { useMe } from '../../api/auth';
import { errorDetail } from '../../api/client';
import { useClassCheckin, useClassCheckinPreview } from '../../api/learning';
import { CLASS_KIND_LABELS } from './learning';

type Facts = z.infer<typeof classFactsDto>;

/**
 * 培训班签到, opened on a phone from the class day's QR code (`/learning/checkin?c=<id>&t=<token>`).
 * Public like the meetings' page: it first shows which class and day the code is for, then (after
 * login, which comes back here) signs the member in once and shows the attendance so far.
 */
export default function ClassCheckinPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const classId = Number(params.get('c'));
  const token = params.get('t') ?? '';
  const valid = Number.isInteger(classId) && classId > 0 && token.length >= 10;
  const me = useMe();
  const signedIn = !!me.data;
  const preview = useClassCheckinPreview(classId, token, valid);
  const checkin = useClassCheckin();
  const sent = useRef(false);
  const open = preview.data?.state === 'open';

  useEffect(() => {
    if (!valid || !signedIn || !open || sent.current) return;
    sent.current = true;
    checkin.mutate({ body: { classId, token } });
  }, [valid, signedIn, open, classId, token, checkin]);

  const r = checkin.data;
  let body: ReactNode;
  if (r) {
    body = (
      <Outcome kind={r.already ? 'info' : 'success'} title={r.already ? '今天已签到' : '签到成功'}>
        <FactList f={r}>
          <dt>学员</dt>
          <dd data-testid="checkin-member">{r.memberName}</dd>
          <dt>签到时间</dt>
          <dd>{dayjs(r.checkedInAt).format('YYYY-MM-DD HH:mm')}</dd>
          <dt>出勤</dt>
          <dd data-testid="checkin-attended">
            {r.attendedDays} / {r.days} 天{r.completed ? '（已达到结业条件）' : ''}
          </dd>
        </FactList>
      </Outcome>
    );
  } else if (!valid) {
    body = (
      <Outcome kind="error" title="签到链接无效" text="二维码内容不完整，请重新扫描培训现场的签到二维码。" />
    );
  } else if (preview.isError) {
    body = <Outcome kind="error" title="暂时无法签到" text={errorDetail(preview.error)} />;
  } else if (!preview.data || me.isPending || (signedIn && open && !checkin.error)) {
    body = (
      <div className="checkin-outcome">
        <Spin size="large" />
        <div className="checkin-title" style={{ marginTop: 16 }}>
          {signedIn && open ? '正在签到…' : '正在读取签到码…'}
        </div>
      </div>
    );
  } else if (!open) {
    const p = preview.data;
    body = (
      <Outcome kind="error" title={p.state === 'unknown' ? '签到码无效' : '不能签到'} text={p.message}>
        {p.class ? <FactList f={p.class} /> : null}
        <div className="checkin-hint">如有疑问，请向培训班组织者确认出勤登记。</div>
      </Outcome>
    );
  } else if (!signedIn) {
    const next = `/learning/checkin?c=${classId}&t=${encodeURIComponent(token)}`;
    body = (
      <Outcome kind="info" title="请登录后签到" text="这是以下培训班的签到码，登录后即完成签到。">
        {preview.data.class ? <FactList f={preview.data.class} /> : null}
        <Button
          type="primary"
          size="large"
          block
          icon={<LoginOutlined />}
          onClick={() => navigate(`/login?next=${encodeURIComponent(next)}`)}
          style={{ marginTop: 20, height: 48, fontSize: 17 }}
          data-testid="checkin-login"
        >
          登录并签到
        </Button>
      </Outcome>
    );
  } else {
    body = (
      <Outcome kind="error" title="签到未成功" text={errorDetail(checkin.error)}>
        {preview.data.class ? <FactList f={preview.data.class} /> : null}
        <div className="checkin-hint">只有学员名单中的党员可以签到；如有疑问，请联系培训班组织者。</div>
      </Outcome>
    );
  }

  return (
    <div className="checkin-page" data-testid="class-checkin-page">
      <div className="checkin-brand">
        <span className="app-logo-mark">基</span>
        <span>培训班签到</span>
      </div>
      <div className="checkin-card">{body}</div>
      {me.data ? (
        <div className="checkin-who">
          当前登录：{me.data.displayName}
          {' · '}
          <a href="/">返回首页</a>
        </div>
      ) : null}
    </div>
  );
}

function FactList({ f, children }: { f: Facts; children?: ReactNode }) {
  return (
    <dl className="checkin-facts" data-testid="checkin-facts">
      <dt>培训班</dt>
      <dd data-testid="checkin-class">
        {f.title}（{CLASS_KIND_LABELS[f.kind]}）
      </dd>
      <dt>主办</dt>
      <dd>{f.organiser}</dd>
      <dt>签到日期</dt>
      <dd>{f.day}</dd>
      {f.place ? (
        <>
          <dt>地点</dt>
          <dd>{f.place}</dd>
        </>
      ) : null}
      {children}
    </dl>
  );
}

function Outcome({
  kind,
  title,
  text,
  children,
}: {
  kind: 'success' | 'info' | 'error';
  title: string;
  text?: string;
  children?: ReactNode;
}) {
  const icon =
    kind === 'success' ? (
      <CheckCircleFilled style={{ color: '#52c41a' }} />
    ) : kind === 'info' ? (
      <InfoCircleFilled style={{ color: '#1677ff' }} />
    ) : (
      <CloseCircleFilled style={{ color: '#cf1322' }} />
    );
  return (
    <div className="checkin-outcome" data-testid="checkin-result" data-kind={kind}>
      <div className="checkin-icon">{icon}</div>
      <div className="checkin-title" data-testid="checkin-title">
        {title}
      </div>
      {text ? (
        <div className="checkin-text" data-testid="checkin-text">
          {text}
        </div>
      ) : null}
      {children}
    </div>
  );
}
