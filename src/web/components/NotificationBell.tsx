import { BellOutlined } from '@ant-design/icons';
import { Badge, Button, Empty, Popover, Spin } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from '../api/hooks';
import type { Notification } from '../api/types';
import { relativeTime } from '../format';

/** How often the bell asks for new messages. */
export const NOTIFICATION_POLL_MS = 60_000;

/** One message line: unread dot, title, body, when. Shared by the bell and the message page. */
export function NotificationLine({
  n,
  onOpen,
  compact,
}: {
  n: Notification;
  onOpen?: (n: Notification) => void;
  compact?: boolean;
}) {
  const unread = !n.readAt;
  const body = (
    <>
      <div className="notice-title">
        {unread ? <span className="notice-dot" title="未读" /> : null}
        <span className={unread ? 'notice-title-text unread' : 'notice-title-text'}>{n.title}</span>
      </div>
      {n.body ? <div className={compact ? 'notice-body clamp-2' : 'notice-body'}>{n.body}</div> : null}
      <div className="notice-time">{relativeTime(n.createdAt)}</div>
    </>
  );
  if (!onOpen) return <div className="notice-line">{body}</div>;
  return (
    <button
      type="button"
      className="notice-line notice-line-button"
      onClick={() => onOpen(n)}
      data-testid="notification-item"
      data-unread={unread ? 'true' : 'false'}
    >
      {body}
    </button>
  );
}

/** The bell in the header: unread count (polled every minute) and the latest messages. */
export function NotificationBell() {
  const [open, setOpen] = useState(false);
  const navigate = useNavigate();
  const latest = useNotifications({ current: 1, pageSize: 6 }, { refetchInterval: NOTIFICATION_POLL_MS });
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = latest.data?.unread ?? 0;
  const items = latest.data?.data ?? [];

  const openOne = (n: Notification) => {
    setOpen(false);
    if (!n.readAt) markRead.mutate(n.id);
    navigate(n.link ?? '/notifications');
  };

  const content = (
    <div className="notice-popover" data-testid="notification-popover">
      <div className="notice-popover-head">
        <span style={{ fontWeight: 600 }}>消息{unread ? `（${unread}条未读）` : ''}</span>
        {unread ? (
          <Button
            type="link"
            size="small"
            loading={markAll.isPending}
            onClick={() => markAll.mutate()}
            data-testid="notification-read-all-quick"
          >
            全部标为已读
          </Button>
        ) : null}
      </div>
      <div className="notice-popover-list">
        {latest.isLoading ? (
          <div style={{ padding: 24, textAlign: 'center' }}>
            <Spin />
          </div>
        ) : items.length ? (
          items.map((n) => <NotificationLine key={n.id} n={n} onOpen={openOne} compact />)
        ) : (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="暂无消息" />
        )}
      </div>
      <div className="notice-popover-foot">
        <Button
          type="link"
          block
          onClick={() => {
            setOpen(false);
            navigate('/notifications');
          }}
          data-testid="notification-all"
        >
          查看全部消息
        </Button>
      </div>
    </div>
  );

  return (
    <Popover
      content={content}
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={setOpen}
      arrow={false}
      styles={{ container: { padding: 0 } }}
    >
      <Button
        type="text"
        aria-label={unread ? `消息，${unread}条未读` : '消息'}
        style={{ color: '#fff', paddingInline: 8 }}
        data-testid="notification-bell"
      >
        <Badge
          count={unread}
          size="small"
          overflowCount={99}
          offset={[2, -2]}
          data-testid="notification-badge"
        >
          <BellOutlined style={{ color: '#fff', fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}
