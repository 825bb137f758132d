import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, type QueryValue } from './client';
import { keys } from './query';
import type { NotificationPage } from './types';

// ---------- notifications ----------

export interface NotificationListParams extends Record<string, QueryValue> {
  unread?: boolean;
  current?: number;
  pageSize?: number;
}

export function useNotifications(params: NotificationListParams, options: { refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: keys.notificationList(params),
    queryFn: () => api.get<NotificationPage>('/api/notifications', params),
    placeholderData: keepPreviousData,
    refetchInterval: options.refetchInterval,
    // A bell that cannot load stays quiet rather than retrying.
    retry: false,
  });
}

export function useMarkNotificationRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: number) => api.post<unknown>(`/api/notifications/${id}/read`),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
}

export function useMarkAllNotificationsRead() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => api.post<unknown>('/api/notifications/read-all'),
    onSuccess: () => qc.invalidateQueries({ queryKey: keys.notifications }),
  });
}
