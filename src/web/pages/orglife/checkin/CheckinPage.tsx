import {
  CheckCircleFilled,
  ClockCircleFilled,
  CloseCircleFilled,
  InfoCircleFilled,
  LoginOutlined,
} from '@ant-design/icons';
import { Button, Spin } from 'antd';
import dayjs from 'dayjs';
import { type ReactNode, useEffect, useRef, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import type {
  CheckinCodeState,
  CheckinMeetingDto,
  CheckinResultDto,
} from '../../../../shared/contracts/meetings';
import { useMe } from '../../../api/auth';
import { ApiError, errorDetail } from '../../../api/client';
import { useCheckin, useCheckinPreview } from '../../../api/meetings';
import {
  isNetworkFailure,
  onQueuedSent,
  outcomeFor,
  type QueuedCheckin,
  queueCheckin,
  queuedFor,
} from '../../../offline/checkinQueue';

/** A failure worth retrying as is: no connection, or the server's own trouble. */
const transient = (e: unknown) => !(e instanceof ApiError) || e.status === 0 || e.status >= 500;

/** What each state of a code is called on the page. */
const STATE_TITLES: Record<CheckinCodeState, string> = {
  open: '签到码有效',
  not_yet: '尚未到签到日期',
  closed: '签到已结束',
  expired: '签到码已过期',
  revoked: '签到码已撤销',
  unknown: '签到码无效',
};

/**
 * 会议签到, opened on a phone from the meeting's QR code (`/checkin?m=<id>&t=<token>`). The page is
 * public: it first shows which meeting the code is for (name, org, time — nothing about members)
 * and whether it still signs in. Without a session it offers the login, which comes back here;
 * with one the sign-in is sent once, and the result shown big.
 *
 * Without signal (the page itself comes from the service worker's cache) the scan is kept on the
 * phone with the time it was made and sent when the connection is back (offline/checkinQueue.ts);
 * the server judges it at that time (decision 0042).
 */
export default function CheckinPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const meetingId = Number(params.get('m'));
  const token = params.get('t') ?? '';
  const valid = Number.isInteger(meetingId) && meetingId > 0 && token.length >= 10;
  const me = useMe();
  const signedIn = !!me.data;
  const preview = useCheckinPreview(meetingId, token, valid);
  const checkin = useCheckin();
  const sent = useRef(false);
  const open = preview.data?.state === 'open';
  // The scan is the opening of this page: an offline check-in is dated by it, not by its sending.
  const scannedAt = useRef(new Date().toISOString());
  const [queued, setQueued] = useState<QueuedCheckin | null>(() =>
    valid ? (queuedFor(token) ?? null) : null,
  );
  const [delivered, setDelivered] = useState<{ result?: CheckinResultDto; error?: unknown } | null>(null);

  // The queue sends it when the phone is back online (or the app opens again): show the outcome here.
  useEffect(() => {
    const stop = onQueuedSent((t, outcome) => {
      if (t !== token) return;
      setQueued(null);
      setDelivered(outcome);
    });
    const before = outcomeFor(token);
    if (before) {
      setQueued(null);
      setDelivered(before);
    }
    return stop;
  }, [token]);

  // No connection: react-query pauses while the browser says it is offline, and a request that
  // cannot reach the server fails with status 0. Either way the scan is queued, once.
  const noNetwork =
    preview.fetchStatus === 'paused' ||
    (preview.isError && isNetworkFailure(preview.error)) ||
    checkin.isPaused ||
    (checkin.isError && isNetworkFailure(checkin.error));
  useEffect(() => {
    if (!valid || queued || delivered || checkin.data || !noNetwork) return;
    const entry = { meetingId, token, scannedAt: scannedAt.current };
    queueCheckin(entry);
    setQueued(queuedFor(token) ?? entry);
  }, [valid, queued, delivered, checkin.data, noNetwork, meetingId, token]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: sent once per page load (the ref guards StrictMode too)
  useEffect(() => {
    // A scan already queued offline is sent by the queue, with its scan time, not again from here.
    if (!valid || !signedIn || !open || sent.current || queued) return;
    sent.current = true;
    checkin.mutate({ meetingId, token });
  }, [valid, signedIn, open, meetingId, token]);

  const r = checkin.data ?? delivered?.result;
  const facts = r ?? preview.data?.meeting ?? null;
  let body: ReactNode;
  if (r) {
    body = (
      <Outcome
        kind={r.already ? 'info' : 'success'}
        title={r.already ? '已签到' : '签到成功'}
        text={r.already ? '您已经签到过了，无需重复签到。' : '欢迎参加本次会议。'}
      >
        <Facts m={r}>
          <dt>签到人</dt>
          <dd data-testid="checkin-member">{r.memberName}</dd>
          <dt>签到时间</dt>
          <dd>{dayjs(r.checkedInAt).format('YYYY-MM-DD HH:mm:ss')}</dd>
        </Facts>
      </Outcome>
    );
  } else if (queued) {
    body = (
      <Outcome kind="wait" title="已离线记录" text="已离线记录，联网后自动提交。" state="queued">
        {facts ? <Facts m={facts} /> : null}
        <dl className="checkin-facts" data-testid="checkin-queued">
          <dt>扫码时间</dt>
          <dd>{dayjs(queued.scannedAt).format('YYYY-MM-DD HH:mm:ss')}</dd>
        </dl>
        <div className="checkin-hint">
          手机恢复网络后将自动提交，无需重新扫码；须在签到码过期后一定时间内送达，逾期请联系会议组织者登记。
        </div>
      </Outcome>
    );
  } else if (delivered?.error) {
    body = (
      <Outcome kind="error" title="离线签到未被接受" text={errorDetail(delivered.error)}>
        <div className="checkin-hint">如有疑问，请向会议组织者确认出席登记。</div>
      </Outcome>
    );
  } else if (!valid) {
    body = (
      <Outcome kind="error" title="签到链接无效" text="二维码内容不完整，请重新扫描会议现场的签到二维码。" />
    );
  } else if (preview.isError) {
    body = (
      <Outcome kind="error" title="暂时无法签到" text={errorDetail(preview.error)}>
        <Retry onClick={() => void preview.refetch()} />
      </Outcome>
    );
  } else if (!preview.data || me.isPending || (signedIn && open && !r && !checkin.error)) {
    body = (
      <div className="checkin-outcome">
        <Spin size="large" />
        <div className="checkin-title" style={{ marginTop: 16 }}>
          {signedIn && open ? '正在签到…' : '正在读取签到码…'}
        </div>
        {facts ? <Facts m={facts} /> : null}
      </div>
    );
  } else if (preview.data.state !== 'open') {
    const p = preview.data;
    body = (
      <Outcome
        kind={p.state === 'not_yet' ? 'wait' : 'error'}
        title={STATE_TITLES[p.state]}
        text={p.message}
        state={p.state}
      >
        {p.meeting ? <Facts m={p.meeting} /> : null}
        <div className="checkin-hint">如有疑问，请向会议组织者确认，或扫描会议现场的签到二维码。</div>
      </Outcome>
    );
  } else if (!signedIn) {
    const p = preview.data;
    const next = `/checkin?m=${meetingId}&t=${encodeURIComponent(token)}`;
    body = (
      <Outcome kind="info" title="请登录后签到" text="这是以下会议的签到码，登录后即完成签到。" state="open">
        {p.meeting ? <Facts m={p.meeting} expiresAt={p.expiresAt} /> : null}
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
        {facts ? <Facts m={facts} /> : null}
        {transient(checkin.error) ? (
          <Retry onClick={() => checkin.mutate({ meetingId, token })} />
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
      {me.data ? (
        <div className="checkin-who">
          当前登录：{me.data.displayName}
          {' · '}
          <a href="/">进入工作平台</a>
        </div>
      ) : null}
    </div>
  );
}

function Retry({ onClick }: { onClick: () => void }) {
  return (
    <Button size="large" block onClick={onClick} style={{ marginTop: 16 }} data-testid="checkin-retry">
      重试
    </Button>
  );
}

/** 2026-12-03（周四）14:30–16:00 */
function when(m: CheckinMeetingDto): string {
  const day = dayjs(m.heldOn);
  return `${m.heldOn}（${day.format('dddd')}）${m.startTime}${m.endTime ? `–${m.endTime}` : ''}`;
}

/** The meeting a code is for: name, org and time (and how long the code lasts, before login). */
function Facts({
  m,
  expiresAt,
  children,
}: {
  m: CheckinMeetingDto;
  expiresAt?: string | null;
  children?: ReactNode;
}) {
  return (
    <dl className="checkin-facts" data-testid="checkin-facts">
      <dt>会议</dt>
      <dd data-testid="checkin-meeting">{m.title}</dd>
      <dt>党组织</dt>
      <dd data-testid="checkin-org">{m.orgName}</dd>
      <dt>时间</dt>
      <dd data-testid="checkin-when">{when(m)}</dd>
      {expiresAt ? (
        <>
          <dt>有效至</dt>
          <dd data-testid="checkin-expires">{dayjs(expiresAt).format('MM-DD HH:mm')}</dd>
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
  state,
  children,
}: {
  kind: 'success' | 'info' | 'wait' | 'error';
  title: string;
  text: string;
  /** The code's state (or `queued`: kept on the phone until online), for tests and styles. */
  state?: CheckinCodeState | 'queued';
  children?: ReactNode;
}) {
  const icon =
    kind === 'success' ? (
      <CheckCircleFilled style={{ color: '#52c41a' }} />
    ) : kind === 'info' ? (
      <InfoCircleFilled style={{ color: '#1677ff' }} />
    ) : kind === 'wait' ? (
      <ClockCircleFilled style={{ color: '#faad14' }} />
    ) : (
      <CloseCircleFilled style={{ color: '#cf1322' }} />
    );
  return (
    <div className="checkin-outcome" data-testid="checkin-result" data-kind={kind} data-state={state}>
      <div className="checkin-icon">{icon}</div>
      <div className="checkin-title" data-testid="checkin-title">
        {title}
      </div>
      <div className="checkin-text" data-testid="checkin-text">
        {text}
      </div>
      {children}
    </div>
  );
}
