import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Progress, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import QRCode from 'qrcode';
import { useCallback, useEffect, useState } from 'react';
import { errorMessage } from '../../../../api/client';
import { useCheckinToken, useMeeting } from '../../../../api/hooks';
import type { CheckinToken } from '../../../../api/types';

/** How often the sign-in count refreshes while the code is on screen. */
const LIVE_MS = 4_000;

function useCountdown(until: string | undefined): number | undefined {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!until) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [until]);
  if (!until) return undefined;
  return Math.max(0, Math.floor((dayjs(until).valueOf() - now) / 1000));
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 1:57:08 over an hour, else 04:09. */
const clock = (s: number) =>
  s >= 3600
    ? `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
    : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;

/**
 * 签到二维码: a fresh token rendered as a QR code of `origin + url`; members scan it with their phone
 * and sign in for themselves. The code expires (countdown; a new one on request), and the number
 * signed in so far refreshes every few seconds.
 */
export function CheckinQrModal({ meetingId, onClose }: { meetingId: number; onClose: () => void }) {
  const issue = useCheckinToken();
  const live = useMeeting(meetingId, LIVE_MS);
  const [token, setToken] = useState<CheckinToken | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [lifetime, setLifetime] = useState(1);
  const left = useCountdown(token?.expiresAt);
  const fullUrl = token ? `${window.location.origin}${token.url}` : '';

  const issueToken = issue.mutateAsync;
  const refresh = useCallback(async () => {
    setError(null);
    try {
      const t = await issueToken(meetingId);
      setToken(t);
      setLifetime(Math.max(1, Math.round((dayjs(t.expiresAt).valueOf() - Date.now()) / 1000)));
      setImage(
        await QRCode.toDataURL(`${window.location.origin}${t.url}`, {
          width: 560,
          margin: 1,
          errorCorrectionLevel: 'M',
          color: { dark: '#1f1f1f', light: '#ffffff' },
        }),
      );
    } catch (e) {
      setError(errorMessage(e));
    }
  }, [meetingId, issueToken]);

  useEffect(() => {
    void refresh();
  }, [refresh]);

  const m = live.data;
  const present = m?.attendees.filter((a) => a.attendance === 'present').length ?? 0;
  const scanned = (m?.attendees ?? [])
    .filter((a) => a.checkedInAt)
    .sort((a, b) => (a.checkedInAt! < b.checkedInAt! ? 1 : -1));
  const expired = left === 0;

  return (
    <Modal
      open
      title="扫码签到"
      onCancel={onClose}
      footer={[
        <Button
          key="refresh"
          icon={<ReloadOutlined />}
          onClick={() => void refresh()}
          loading={issue.isPending}
        >
          重新生成
        </Button>,
        <Button key="close" type="primary" onClick={onClose} data-testid="checkin-qr-close">
          关闭
        </Button>,
      ]}
      width={460}
      destroyOnHidden
      data-testid="checkin-qr-modal"
    >
      <div className="qr-wrap">
        {m ? <div className="qr-meeting-title">{m.title}</div> : null}
        {error ? <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} /> : null}
        <div className={expired ? 'qr-box qr-expired' : 'qr-box'}>
          {image && token ? (
            <img src={image} alt="签到二维码" data-testid="checkin-qr" data-url={fullUrl} />
          ) : (
            <Spin />
          )}
          {expired ? (
            <div className="qr-expired-mask">
              <div>二维码已过期</div>
              <Button
                type="primary"
                size="small"
                onClick={() => void refresh()}
                data-testid="checkin-qr-renew"
              >
                重新生成
              </Button>
            </div>
          ) : null}
        </div>
        <div className="qr-hint">请参会党员使用手机扫描二维码，登录后即完成签到</div>
        {token && left !== undefined ? (
          <div className="qr-countdown" data-testid="checkin-countdown">
            {expired ? (
              <Tag color="red">已过期</Tag>
            ) : (
              <>
                <span>
                  有效期剩余 <b className="mono">{clock(left)}</b>
                </span>
                <Progress
                  percent={Math.round((left / Math.max(lifetime, left)) * 100)}
                  showInfo={false}
                  size="small"
                  strokeColor="#b7141b"
                  style={{ width: 120, margin: 0 }}
                />
              </>
            )}
          </div>
        ) : null}
        <div className="qr-live" data-testid="checkin-live">
          <div className="qr-live-number">
            <span data-testid="checkin-present">{present}</span>
            <span className="muted"> / {m?.attendees.length ?? '—'}</span>
          </div>
          <div className="muted small">已到 / 应到（每{LIVE_MS / 1000}秒刷新）</div>
          {scanned.length ? (
            <div className="qr-live-names">
              最近扫码：
              {scanned.slice(0, 6).map((a) => (
                <Tag key={a.memberId} color="green" style={{ marginInlineEnd: 4 }}>
                  {a.name} {dayjs(a.checkedInAt!).format('HH:mm')}
                </Tag>
              ))}
            </div>
          ) : null}
        </div>
        {fullUrl ? (
          <Typography.Paragraph
            copyable={{ text: fullUrl, tooltips: ['复制签到链接', '已复制'] }}
            className="qr-url small muted"
            style={{ marginBottom: 0 }}
          >
            签到链接
          </Typography.Paragraph>
        ) : null}
      </div>
    </Modal>
  );
}
