import { CheckCircleFilled, CloseCircleFilled, InfoCircleFilled } from '@ant-design/icons';
import { Button, Spin } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useRef } from 'react';
import { useSearchParams } from 'react-router';
import { ApiError, errorDetail } from '../../../api/client';

/** A failure worth retrying as is: no connection, or the server's own trouble. */
const transient = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500;

import { useCheckin, useMe } from '../../../api/hooks';

/**
 * 会议签到, opened on a phone from the meeting's QR code (`/checkin?m=<id>&t=<token>`). Without a
 * session the guard sends the member to the login page, which brings them back here; the sign-in
 * is then sent once, and the result shown big.
 */
export default function CheckinPage() {
  const [params] = useSearchParams();
  const meetingId = Number(params.get('m'));
  const token = params.get('t') ?? '';
  const valid = Number.isInteger(meetingId) && meetingId > 0 && token.length >= 10;
  const { data: me } = useMe();
  const checkin = useCheckin();
  const sent = useRef(false);

  // biome-ignore lint/correctness/useExhaustiveDependencies: sent once per page load (the ref guards StrictMode too)
  useEffect(() => {
    if (!valid || sent.current) return;
    sent.current = true;
    checkin.mutate({ meetingId, token });
  }, [valid, meetingId, token]);

  const r = checkin.data;
  let body: ReactNode;
  if (!valid) {
    body = (
      <Outcome kind="error" title="签到链接无效" text="二维码内容不完整，请重新扫描会议现场的签到二维码。" />
    );
  } else if (checkin.isPending || (!r && !checkin.error)) {
    body = (
      <div className="checkin-outcome">
        <Spin size="large" />
        <div className="checkin-title" style={{ marginTop: 16 }}>
          正在签到…
        </div>
      </div>
    );
  } else if (r) {
    body = (
      <Outcome
        kind={r.already ? 'info' : 'success'}
        title={r.already ? '已签到' : '签到成功'}
        text={r.already ? '您已经签到过了，无需重复签到。' : '欢迎参加本次会议。'}
      >
        <dl className="checkin-facts" data-testid="checkin-facts">
          <dt>会议</dt>
          <dd data-testid="checkin-meeting">{r.title}</dd>
          <dt>党组织</dt>
          <dd>{r.orgName}</dd>
          <dt>签到人</dt>
          <dd data-testid="checkin-member">{r.memberName}</dd>
          <dt>签到时间</dt>
          <dd>{dayjs(r.checkedInAt).format('YYYY-MM-DD HH:mm:ss')}</dd>
        </dl>
      </Outcome>
    );
  } else {
    body = (
      <Outcome kind="error" title="签到未成功" text={errorDetail(checkin.error)}>
        {transient(checkin.error) ? (
          <Button
            size="large"
            block
            onClick={() => checkin.mutate({ meetingId, token })}
            style={{ marginTop: 16 }}
            data-testid="checkin-retry"
          >
            重试
          </Button>
        ) : (
          <div className="checkin-hint">如有疑问，请向会议组织者确认，或重新扫描会议现场的签到二维码。</div>
        )}
      </Outcome>
    );
  }

  return (
    <div className="checkin-page" data-testid="checkin-page">
      <div className="checkin-brand">
        <span className="app-logo-mark">基</span>
        <span>会议签到</span>
      </div>
      <div className="checkin-card">{body}</div>
      {me ? (
        <div className="checkin-who">
          当前登录：{me.displayName}
          {' · '}
          <a href="/">进入工作平台</a>
        </div>
      ) : null}
    </div>
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
  text: string;
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
      <div className="checkin-text">{text}</div>
      {children}
    </div>
  );
}
