import { keepPreviousData, useMutation, useQueryClient } from '@tanstack/react-query';
import { notificationsApi } from '../../shared/contracts/notifications';
import { call, queryKeyOf, useApiQuery } from './contract';

// ---------- notifications ----------

export interface NotificationListParams {
  unread?: boolean;
  current?: number;
  pageSize?: number;
}

export function useNotifications(params: NotificationListParams, options: { refetchInterval?: number } = {}) {
  const { unread, ...paging } = params;
  return useApiQuery(
    notificationsApi.list,
    { query: { ...paging, unread: unread === undefined ? undefined : unread ? 'true' : 'false' } },
    {
      placeholderData: keepPreviousData,
      refetchInterval: options.refetchInterval,
      // A bell that cannot load stays quiet rather than retrying.
      retry: false,
    },
  );
}

const invalidateAll = (qc: ReturnType<typeof useQueryClient>) =>
  qc.invalidateQueries({ queryKey: queryKeyOf(notificationsApi.list) });

export function useMarkNotificationRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => call(notificationsApi.markRead, { params: { id } }),
    onSuccess: () => invalidateAll(qc),
  });
}

export function useMarkAllNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(notificationsApi.markAllRead, {}),
    onSuccess: () => invalidateAll(qc),
  });
}
