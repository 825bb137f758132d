import { CheckOutlined, RightOutlined } from '@ant-design/icons';
import { App, Button, Card, Empty, Pagination, Segmented, Skeleton, Tag } from 'antd';
import { useNavigate } from 'react-router';
import { z } from 'zod';
import { errorMessage } from '../../../api/client';
import { useMarkAllNotificationsRead, useMarkNotificationRead, useNotifications } from '../../../api/hooks';
import type { Notification } from '../../../api/types';
import { MemberApp } from '../../../components/MemberApp';
import { NOTIFICATION_POLL_MS, NotificationLine } from '../../../components/NotificationBell';
import { countText, DEFAULT_PAGE_SIZE } from '../../../components/PagedTable';
import { PageHeader } from '../../../components/PageHeader';
import { QueryError } from '../../../components/QueryError';
import { fmtDateTime } from '../../../format';
import { paging, param, useUrlFilters } from '../../../hooks/useUrlFilters';

const filterSchema = z.object({ unread: param.flag(), ...paging });

/** Kinds of messages, for the tag in front of each. */
const KIND_TAGS: Record<string, { label: string; color: string }> = {
  'orglife.due': { label: '到期提醒', color: 'orange' },
  'orglife.missed': { label: '未按期完成', color: 'red' },
  'meeting.returned': { label: '会议退回', color: 'red' },
  'meeting.submitted': { label: '待审核', color: 'blue' },
  'meeting.reviewed': { label: '审核通过', color: 'green' },
  'development.due': { label: '发展党员', color: 'orange' },
  'development.overdue': { label: '发展党员逾期', color: 'red' },
  'development.probation': { label: '预备期满', color: 'orange' },
  'development.approval': { label: '待审批', color: 'blue' },
  'dues.warning': { label: '党费欠交', color: 'orange' },
  'dues.warning.branch': { label: '党费欠交', color: 'orange' },
  'dues.lapse': { label: '党费待决定', color: 'red' },
};

function kindTag(kind: string) {
  const k =
    KIND_TAGS[kind] ??
    (kind.startsWith('meeting') ? { label: '会议', color: 'blue' } : { label: '通知', color: 'default' });
  return (
    <Tag color={k.color} style={{ marginInlineEnd: 0 }}>
      {k.label}
    </Tag>
  );
}

/** 消息: the user's notifications, unread first in the filter, with mark-read and links. */
export default function NotificationsPage() {
  const { filters, setFilters: update } = useUrlFilters(filterSchema);
  const navigate = useNavigate();
  const { message } = App.useApp();
  const { unread: unreadOnly, current, pageSize } = filters;
  const list = useNotifications(
    { unread: unreadOnly || undefined, current, pageSize },
    { refetchInterval: NOTIFICATION_POLL_MS },
  );
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const unread = list.data?.unread ?? 0;

  const open = (n: Notification) => {
    if (!n.readAt) markRead.mutate(n.id);
    if (n.link) navigate(n.link);
  };

  // Every user's message box, members' on a phone first: a member page's type and tap targets.
  return (
    <MemberApp className="page">
      <PageHeader
        title="消息"
        subtitle="组织生活到期提醒、未按期完成提示、会议审核结果等。"
        extra={
          <Button
            icon={<CheckOutlined />}
            disabled={!unread}
            loading={markAll.isPending}
            onClick={async () => {
              try {
                await markAll.mutateAsync();
                message.success('已全部标为已读');
              } catch (e) {
                message.error(errorMessage(e));
              }
            }}
            data-testid="notification-read-all"
          >
            全部标为已读
          </Button>
        }
      />
      <Card
        title={
          <Segmented
            value={unreadOnly ? 'unread' : 'all'}
            onChange={(v) => update({ unread: v === 'unread' })}
            options={[
              { value: 'all', label: '全部' },
              { value: 'unread', label: `未读${unread ? `（${unread}）` : ''}` },
            ]}
            data-testid="notification-filter"
          />
        }
        styles={{ body: { padding: 0 } }}
      >
        {list.error && !list.data ? (
          <QueryError error={list.error} onRetry={() => list.refetch()} />
        ) : list.isLoading ? (
          <div style={{ padding: 24 }}>
            <Skeleton active />
          </div>
        ) : list.data?.data.length ? (
          <div className="notice-list" data-testid="notification-list">
            {list.data.data.map((n) => (
              <div
                key={n.id}
                className={n.readAt ? 'notice-row' : 'notice-row notice-row-unread'}
                data-testid="notification-row"
              >
                <div className="notice-row-kind">{kindTag(n.kind)}</div>
                <div className="notice-row-main">
                  <NotificationLine n={n} />
                  <div className="muted small notice-row-time">{fmtDateTime(n.createdAt)}</div>
                </div>
                <div className="notice-row-actions">
                  {!n.readAt ? (
                    <Button
                      size="small"
                      type="text"
                      onClick={() => markRead.mutate(n.id)}
                      data-testid="notification-mark-read"
                    >
                      标为已读
                    </Button>
                  ) : null}
                  {n.link ? (
                    <Button size="small" type="link" onClick={() => open(n)} data-testid="notification-open">
                      查看 <RightOutlined />
                    </Button>
                  ) : null}
                </div>
              </div>
            ))}
          </div>
        ) : (
          <Empty style={{ padding: 32 }} description={unreadOnly ? '没有未读消息' : '暂无消息'} />
        )}
        {list.data && list.data.total > pageSize ? (
          <div style={{ padding: '12px 16px', display: 'flex', justifyContent: 'flex-end' }}>
            <Pagination
              current={current}
              pageSize={pageSize}
              total={list.data.total}
              showSizeChanger
              showTotal={(t) => countText(t)}
              onChange={(page, size) =>
                update({
                  current: page === 1 ? undefined : page,
                  pageSize: size === DEFAULT_PAGE_SIZE ? undefined : size,
                })
              }
            />
          </div>
        ) : null}
      </Card>
    </MemberApp>
  );
}
