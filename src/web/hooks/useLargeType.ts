/**
 * 大字模式 (large type, higher contrast): the member's own switch, decision 0043.
 *
 * The setting lives on the server (`users.preferences.largeType`) so it follows the member to
 * another phone, and is mirrored in localStorage so it applies before sign-in and before the first
 * API answer: this module sets `html.large-type` as soon as it is imported, before React renders,
 * so a page never flashes in small type first.
 *
 * Which one wins: the server's, whenever /api/me answers — except a choice made on this phone while
 * signed out (on the login page), which is sent to the server at the next sign-in.
 */
import { useSyncExternalStore } from 'react';
import { authApi, type MeDto } from '../../shared/contracts/auth';
import { call, queryKeyOf } from '../api/contract';
import { queryClient } from '../api/query';

const KEY = 'jiceng.largeType';
/** Set when the switch was used without a session: the next /api/me sends it up instead of reading. */
const PENDING_KEY = 'jiceng.largeType.pending';
export const LARGE_TYPE_CLASS = 'large-type';

function readStored(): boolean {
  try {
    return window.localStorage.getItem(KEY) === '1';
  } catch {
    // Storage refused (a private window, a locked-down WebView): the setting lasts for this page only.
    return false;
  }
}

function store(key: string, value: string | null) {
  try {
    if (value === null) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, value);
  } catch {
    // As above: nothing to keep it in.
  }
}

let current = typeof window === 'undefined' ? false : readStored();
const listeners = new Set<() => void>();

function apply(value: boolean) {
  if (typeof document !== 'undefined') document.documentElement.classList.toggle(LARGE_TYPE_CLASS, value);
}
apply(current);

function set(value: boolean) {
  store(KEY, value ? '1' : '0');
  if (value === current) return;
  current = value;
  apply(value);
  for (const l of listeners) l();
}

/** The signed-in user as the cache knows them (no request of its own). */
const ME_KEY = queryKeyOf(authApi.me, {});
function cachedMe(): MeDto | undefined {
  return queryClient.getQueryData<MeDto>(ME_KEY);
}

async function sendToServer(value: boolean) {
  try {
    const saved = await call(authApi.setPreferences, { body: { largeType: value } });
    store(PENDING_KEY, null);
    // A quicker second tap may have changed it again meanwhile: only the latest choice is written back.
    if (saved.largeType === current) {
      queryClient.setQueryData<MeDto>(ME_KEY, (me) => (me ? { ...me, preferences: saved } : me));
    }
  } catch {
    // Offline or signed out meanwhile: keep it pending; the next /api/me answer sends it again.
    store(PENDING_KEY, '1');
  }
}

/** Turns 大字模式 on or off here at once, and on the server when signed in. */
export function setLargeType(value: boolean) {
  set(value);
  if (cachedMe()) void sendToServer(value);
  else store(PENDING_KEY, '1');
}

/** Follows /api/me answers whoever asked for them: adopt the server's setting, or send a pending one. */
function onMe(me: MeDto) {
  let pending = false;
  try {
    pending = window.localStorage.getItem(PENDING_KEY) === '1';
  } catch {
    pending = false;
  }
  if (pending) {
    store(PENDING_KEY, null);
    if (me.preferences.largeType !== current) void sendToServer(current);
    return;
  }
  set(me.preferences.largeType);
}

let watching = false;
/** Starts following the cache's /api/me answers (once; called by the theme root). */
export function watchServerPreference() {
  if (watching || typeof window === 'undefined') return;
  watching = true;
  const seen = new WeakSet<object>();
  const check = () => {
    const me = cachedMe();
    if (me && !seen.has(me)) {
      seen.add(me);
      onMe(me);
    }
  };
  queryClient.getQueryCache().subscribe((event) => {
    if (event.query.queryKey[0] === 'me' && event.type === 'updated') check();
  });
  check();
}

const subscribe = (onChange: () => void) => {
  listeners.add(onChange);
  return () => listeners.delete(onChange);
};

/** Whether 大字模式 is on, kept up to date; the setter is `setLargeType`. */
export function useLargeType(): [boolean, (value: boolean) => void] {
  const value = useSyncExternalStore(
    subscribe,
    () => current,
    () => false,
  );
  return [value, setLargeType];
}
