/**
 * The sign-in codes of a meeting, for its QR dialog. The server keeps only a hash of each code, so
 * the code itself (to draw it again) exists only in the browser tab that asked for it: it is kept
 * in sessionStorage until it expires, which lets the dialog be closed and reopened on the same code.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type CheckinCodeDto, meetingsApi } from '../../../../../shared/contracts/meetings';
import { call, queryKeyOf, useApiQuery } from '../../../../api/contract';
import { meetingKey } from '../../../../api/hooks';
import type { CheckinToken } from '../../../../api/types';

const codesKey = (meetingId: number) => queryKeyOf(meetingsApi.checkinTokens, { params: { id: meetingId } });
const storageKey = (meetingId: number) => `jiceng.checkin.${meetingId}`;

/** The meeting's codes still valid (label, who issued it, expiry), oldest first. */
export function useCheckinCodes(meetingId: number) {
  return useApiQuery(meetingsApi.checkinTokens, { params: { id: meetingId } }, { staleTime: 0 });
}

/** A new code; the earlier ones stay valid. */
export function useIssueCheckinCode(meetingId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => call(meetingsApi.createCheckinToken, { params: { id: meetingId } }),
    onSuccess: (t) => {
      remember(t);
      void qc.invalidateQueries({ queryKey: codesKey(meetingId) });
    },
  });
}

/** Revokes one code (audited); the others keep working. */
export function useRevokeCheckinCode(meetingId: number) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (tokenId: string) =>
      call(meetingsApi.revokeCheckinToken, { params: { id: meetingId, tokenId } }),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: codesKey(meetingId) });
      void qc.invalidateQueries({ queryKey: meetingKey(meetingId) });
    },
  });
}

function read(meetingId: number): CheckinToken[] {
  try {
    const raw = sessionStorage.getItem(storageKey(meetingId));
    const list = raw ? (JSON.parse(raw) as CheckinToken[]) : [];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function remember(t: CheckinToken) {
  const now = Date.now();
  const kept = read(t.meetingId).filter((x) => Date.parse(x.expiresAt) > now && x.id !== t.id);
  try {
    sessionStorage.setItem(storageKey(t.meetingId), JSON.stringify([...kept, t]));
  } catch {
    // Storage full or disabled: the code is shown now and simply not remembered.
  }
}

/** The codes this tab issued that are still among the open ones (newest last). */
export function rememberedCodes(meetingId: number, open: CheckinCodeDto[]): CheckinToken[] {
  const ids = new Set(open.map((c) => c.id));
  return read(meetingId).filter((t) => ids.has(t.id));
}
