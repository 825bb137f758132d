import { PlusOutlined, PrinterOutlined } from '@ant-design/icons';
import { Alert, App, Button, List, Modal, Popconfirm, Progress, Spin, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { errorMessage } from '../../../../api/client';
import { useMeeting } from '../../../../api/hooks';
import type { CheckinToken, Meeting } from '../../../../api/types';
import { rememberedCodes, useCheckinCodes, useIssueCheckinCode, useRevokeCheckinCode } from './checkinCodes';

/** How often the sign-in count refreshes while the code is on screen. */
const LIVE_MS = 4_000;

function useNow(active: boolean): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, [active]);
  return now;
}

const pad = (n: number) => String(n).padStart(2, '0');
/** 1:57:08 over an hour, else 04:09. */
const clock = (s: number) =>
  s >= 3600
    ? `${Math.floor(s / 3600)}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`
    : `${pad(Math.floor(s / 60))}:${pad(s % 60)}`;

/** 14:00, or 12-04 14:00 when not today. */
const until = (iso: string) => {
  const d = dayjs(iso);
  return d.isSame(dayjs(), 'day') ? d.format('HH:mm') : d.format('MM-DD HH:mm');
};

const qrImage = (url: string) =>
  QRCode.toDataURL(url, {
    width: 560,
    margin: 1,
    errorCorrectionLevel: 'M',
    color: { dark: '#1f1f1f', light: '#ffffff' },
  });

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** Prints one code on a sheet of its own (to post at the door): meeting, QR, code number, expiry. */
function printCode(m: Meeting, code: CheckinToken, image: string) {
  const frame = document.createElement('iframe');
  frame.style.cssText = 'position:fixed;width:0;height:0;border:0;right:0;bottom:0';
  document.body.appendChild(frame);
  const doc = frame.contentDocument!;
  const time = `${m.heldOn} ${m.startTime}${m.endTime ? `–${m.endTime}` : ''}`;
  doc.open();
  doc.write(`<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>会议签到</title>
<style>body{font-family:sans-serif;text-align:center;padding:40px 24px;color:#1f1f1f}
h1{font-size:28px;margin:0 0 8px}p{margin:6px 0;font-size:18px}img{width:360px;height:360px;margin:24px 0}
.muted{color:#555;font-size:15px}</style></head><body>
<h1>${escapeHtml(m.title)}</h1><p>${escapeHtml(m.orgName)}</p><p>${escapeHtml(time)}</p>
<img src="${image}" alt="签到二维码"><p><b>请用手机扫码，登录后即完成签到</b></p>
<p class="muted">签到码编号 ${escapeHtml(code.label)} · 有效至 ${escapeHtml(dayjs(code.expiresAt).format('YYYY-MM-DD HH:mm'))}</p>
</body></html>`);
  doc.close();
  const img = doc.querySelector('img')!;
  const go = () => {
    frame.contentWindow?.print();
    setTimeout(() => frame.remove(), 1000);
  };
  if (img.complete) go();
  else img.onload = go;
}

/**
 * 签到二维码. A meeting may have several codes at once (a sheet printed the day before, the code on
 * the projector): showing a new one never cancels the earlier ones. The dialog shows the code this
 * tab issued last (issuing one when there is none), with its number and expiry, lists every code
 * still valid so one that went astray can be revoked, prints a code, and follows the number signed
 * in every few seconds.
 */
export function CheckinQrModal({ meetingId, onClose }: { meetingId: number; onClose: () => void }) {
  const { message } = App.useApp();
  const live = useMeeting(meetingId, LIVE_MS);
  const codes = useCheckinCodes(meetingId);
  const issue = useIssueCheckinCode(meetingId);
  const revoke = useRevokeCheckinCode(meetingId);
  const [shown, setShown] = useState<CheckinToken | null>(null);
  const [image, setImage] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const started = useRef(false);
  const now = useNow(!!shown);
  const fullUrl = shown ? `${window.location.origin}${shown.url}` : '';

  const newCode = async () => {
    setError(null);
    try {
      setShown(await issue.mutateAsync());
    } catch (e) {
      setError(errorMessage(e));
    }
  };

  // On opening: the last code this tab issued that is still valid, else a new one.
  // biome-ignore lint/correctness/useExhaustiveDependencies: once, when the open codes first arrive
  useEffect(() => {
    if (!codes.data || started.current) return;
    started.current = true;
    const mine = rememberedCodes(meetingId, codes.data);
    if (mine.length) setShown(mine[mine.length - 1]!);
    else void newCode();
  }, [codes.data, meetingId]);

  useEffect(() => {
    let stale = false;
    setImage(null);
    if (shown) {
      void qrImage(`${window.location.origin}${shown.url}`).then((img) => {
        if (!stale) setImage(img);
      });
    }
    return () => {
      stale = true;
    };
  }, [shown]);

  const m = live.data;
  const present = m?.attendees.filter((a) => a.attendance === 'present').length ?? 0;
  const scanned = (m?.attendees ?? [])
    .filter((a) => a.checkedInAt)
    .sort((a, b) => (a.checkedInAt! < b.checkedInAt! ? 1 : -1));
  const left = shown ? Math.max(0, Math.floor((Date.parse(shown.expiresAt) - now) / 1000)) : undefined;
  const lifetime = shown
    ? Math.max(1, Math.round((Date.parse(shown.expiresAt) - Date.parse(shown.createdAt)) / 1000))
    : 1;
  const expired = left === 0;
  const remembered = new Map(rememberedCodes(meetingId, codes.data ?? []).map((t) => [t.id, t]));

  return (
    <Modal
      open
      title="扫码签到"
      onCancel={onClose}
      footer={[
        <Button
          key="print"
          icon={<PrinterOutlined />}
          disabled={!shown || !image || expired || !m}
          onClick={() => m && shown && image && printCode(m, shown, image)}
          data-testid="checkin-qr-print"
        >
          打印
        </Button>,
        <Button
          key="new"
          icon={<PlusOutlined />}
          onClick={() => void newCode()}
          loading={issue.isPending}
          data-testid="checkin-qr-new"
        >
          新签到码
        </Button>,
        <Button key="close" type="primary" onClick={onClose} data-testid="checkin-qr-close">
          关闭
        </Button>,
      ]}
      width={480}
      destroyOnHidden
      data-testid="checkin-qr-modal"
    >
      <div className="qr-wrap">
        {m ? <div className="qr-meeting-title">{m.title}</div> : null}
        {error ? <Alert type="warning" showIcon title={error} style={{ width: '100%' }} /> : null}
        {shown || !error ? (
          <div className={expired ? 'qr-box qr-expired' : 'qr-box'}>
            {image && shown ? (
              <img
                src={image}
                alt="签到二维码"
                data-testid="checkin-qr"
                data-url={fullUrl}
                data-code={shown.id}
              />
            ) : (
              <Spin />
            )}
            {expired ? (
              <div className="qr-expired-mask">
                <div>二维码已过期</div>
                <Button
                  type="primary"
                  size="small"
                  onClick={() => void newCode()}
                  data-testid="checkin-qr-renew"
                >
                  新签到码
                </Button>
              </div>
            ) : null}
          </div>
        ) : null}
        {shown && left !== undefined ? (
          <div className="qr-countdown" data-testid="checkin-countdown">
            <span className="mono" data-testid="checkin-qr-label">
              编号 {shown.label}
            </span>
            {expired ? (
              <Tag color="red">已过期</Tag>
            ) : (
              <>
                <span data-testid="checkin-qr-expires">
                  有效至 <b>{until(shown.expiresAt)}</b>（剩余 <span className="mono">{clock(left)}</span>）
                </span>
                <Progress
                  percent={Math.round((left / Math.max(lifetime, left)) * 100)}
                  showInfo={false}
                  size="small"
                  strokeColor="#b7141b"
                  style={{ width: 80, margin: 0 }}
                />
              </>
            )}
          </div>
        ) : null}
        <div className="qr-hint">
          请参会党员使用手机扫描二维码，登录后即完成签到；生成新签到码后，之前的仍然有效
        </div>
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
        <List
          size="small"
          style={{ width: '100%', textAlign: 'left' }}
          header={<b>有效的签到码（{codes.data?.length ?? 0}）</b>}
          loading={codes.isLoading}
          dataSource={codes.data ?? []}
          locale={{ emptyText: '暂无有效的签到码' }}
          data-testid="checkin-codes"
          renderItem={(c) => {
            const mine = remembered.get(c.id);
            const current = shown?.id === c.id;
            return (
              <List.Item
                data-testid="checkin-code"
                data-code={c.id}
                actions={[
                  current ? (
                    <Tag key="cur" color="red" style={{ marginInlineEnd: 0 }}>
                      当前显示
                    </Tag>
                  ) : mine ? (
                    <Button key="show" type="link" size="small" onClick={() => setShown(mine)}>
                      显示
                    </Button>
                  ) : null,
                  <Popconfirm
                    key="revoke"
                    title={`撤销签到码 ${c.label}？`}
                    description="撤销后用它扫码将不能签到，其他签到码不受影响。"
                    okText="撤销"
                    cancelText="取消"
                    onConfirm={async () => {
                      try {
                        await revoke.mutateAsync(c.id);
                        if (current) setShown(null);
                        message.success(`已撤销签到码 ${c.label}`);
                      } catch (e) {
                        message.error(errorMessage(e));
                      }
                    }}
                  >
                    <Button type="link" size="small" danger data-testid="checkin-code-revoke">
                      撤销
                    </Button>
                  </Popconfirm>,
                ].filter(Boolean)}
              >
                <span className="mono">{c.label}</span>
                <span className="muted small" style={{ marginInlineStart: 8 }}>
                  {dayjs(c.createdAt).format('MM-DD HH:mm')} {c.createdByName ?? ''}生成 · 有效至{' '}
                  {until(c.expiresAt)}
                </span>
              </List.Item>
            );
          }}
        />
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
