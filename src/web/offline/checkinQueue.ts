/**
 * Check-ins scanned without a connection (issue #19, decision 0042). The page keeps the code it
 * was opened with and the time of the scan on the phone, and sends them when the phone is back
 * online (the `online` event, or the next time the app opens). The server accepts the scan only
 * if the code was valid at that time and the submission arrives within the grace period after the
 * code's expiry (rule orglife.checkin.offlineGraceHours).
 *
 * localStorage, not IndexedDB: a handful of small entries, read synchronously at start. The entry
 * holds the code (a bearer for this one meeting's check-in, nothing personal) and no member data.
 */
import type { CheckinResultDto } from '../../shared/contracts/meetings';
import { ApiError, request } from '../api/client';

const KEY = 'jiceng.checkinQueue';

export interface QueuedCheckin {
  meetingId: number;
  token: string;
  /** When the code was scanned, by the phone's clock (ISO). */
  scannedAt: string;
}

export function queuedCheckins(): QueuedCheckin[] {
  try {
    const raw = localStorage.getItem(KEY);
    const list = raw ? (JSON.parse(raw) as QueuedCheckin[]) : [];
    return Array.isArray(list) ? list : [];
  } catch {
    return [];
  }
}

function save(list: QueuedCheckin[]) {
  try {
    if (list.length) localStorage.setItem(KEY, JSON.stringify(list));
    else localStorage.removeItem(KEY);
  } catch {
    // Storage full or disabled: nothing to keep it in; the page says it could not be queued.
  }
}

/** Queues a scan (once per code: scanning the same sheet twice keeps the first time). */
export function queueCheckin(entry: QueuedCheckin): void {
  const list = queuedCheckins();
  if (!list.some((q) => q.token === entry.token)) list.push(entry);
  save(list);
}

export function queuedFor(token: string): QueuedCheckin | undefined {
  return queuedCheckins().find((q) => q.token === token);
}

/** No connection at all (as opposed to an answer from the server). */
export const isNetworkFailure = (e: unknown) => e instanceof ApiError && e.status === 0;

export function sendCheckin(entry: QueuedCheckin): Promise<CheckinResultDto> {
  return request<CheckinResultDto>('POST', '/api/checkin', entry);
}

export interface SentOutcome {
  result?: CheckinResultDto;
  error?: unknown;
}
type Listener = (token: string, outcome: SentOutcome) => void;
const listeners = new Set<Listener>();
/** Outcomes of this page load, for a page that opens after its check-in was sent (at app start). */
const outcomes = new Map<string, SentOutcome>();

export function outcomeFor(token: string): SentOutcome | undefined {
  return outcomes.get(token);
}

function settle(token: string, outcome: SentOutcome) {
  save(queuedCheckins().filter((q) => q.token !== token));
  outcomes.set(token, outcome);
  for (const l of listeners) l(token, outcome);
}

/** Hears each queued check-in as it is sent (the page that queued it shows the outcome). */
export function onQueuedSent(listener: Listener): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

let flushing = false;

/**
 * Sends every queued check-in. A network failure keeps the entry for the next try; any answer of
 * the server (accepted, or refused with its reason) ends it. Without a session (401) it stays too:
 * the member signs in and it is sent then.
 */
export async function flushCheckins(): Promise<void> {
  if (flushing || !navigator.onLine) return;
  flushing = true;
  try {
    for (const entry of queuedCheckins()) {
      try {
        settle(entry.token, { result: await sendCheckin(entry) });
      } catch (error) {
        if (isNetworkFailure(error) || (error instanceof ApiError && error.status === 401)) continue;
        settle(entry.token, { error });
      }
    }
  } finally {
    flushing = false;
  }
}

/** At start: send what is queued now and whenever the connection comes back. */
export function startCheckinQueue(): void {
  window.addEventListener('online', () => void flushCheckins());
  if (queuedCheckins().length) void flushCheckins();
  // A phone can be "online" with no signal getting through (no online event follows): try again
  // now and then while something is queued.
  window.setInterval(() => {
    if (queuedCheckins().length) void flushCheckins();
  }, 30_000);
}
