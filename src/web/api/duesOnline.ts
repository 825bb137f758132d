/**
 * 在线缴纳党费 hooks (`duesOnlineApi`): the member's own orders, the branch's lists, and the
 * simulated provider's cashier (a public page that plays the provider in the demo).
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import {
  type callbackLogDto,
  duesOnlineApi,
  type MyOnlineDto,
  type OnlineOrderDto,
} from '../../shared/contracts/dues-online';
import { call, useApiQuery } from './contract';

export type MyOnline = MyOnlineDto;
export type OnlineOrder = OnlineOrderDto;
export type CallbackLog = z.infer<typeof callbackLogDto>;

export const useMyOnline = (enabled = true) => useApiQuery(duesOnlineApi.mine, {}, { enabled });

export function useOnlineOrder(orderNo: string | null) {
  return useApiQuery(
    duesOnlineApi.getOrder,
    { params: { orderNo: orderNo ?? 'DO00000000' } },
    { enabled: !!orderNo },
  );
}

/** After an order changes, the member's dues and the collection sheet read again. */
function useRefresh() {
  const qc = useQueryClient();
  return () => {
    qc.invalidateQueries({ queryKey: ['dues'] });
    qc.invalidateQueries({ queryKey: ['members'] });
  };
}

export function useCreateOrder() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (months: string[]) => call(duesOnlineApi.createOrder, { body: { months } }),
    onSettled: refresh,
  });
}

export function useCancelOrder() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (orderNo: string) => call(duesOnlineApi.cancelOrder, { params: { orderNo } }),
    onSettled: refresh,
  });
}

export const useOnlineOrders = (orgId: number | undefined, current: number) =>
  useApiQuery(
    duesOnlineApi.orders,
    { query: { orgId: orgId ?? 0, current, pageSize: 20 } },
    { enabled: !!orgId },
  );

export const useCallbackLog = (orgId: number | undefined, current: number) =>
  useApiQuery(
    duesOnlineApi.callbacks,
    { query: { orgId: orgId ?? 0, current, pageSize: 20 } },
    { enabled: !!orgId },
  );

export function useReconcile() {
  const refresh = useRefresh();
  return useMutation({
    mutationFn: (orgId: number) => call(duesOnlineApi.reconcile, { body: { orgId } }),
    onSettled: refresh,
  });
}

export const cashierView = (orderNo: string, token: string) =>
  call(duesOnlineApi.cashier, { params: { orderNo }, body: { token } });

export const cashierPay = (orderNo: string, token: string) =>
  call(duesOnlineApi.cashierPay, { params: { orderNo }, body: { token, deliver: true } });
