/**
 * A dedicated PostgreSQL connection that LISTENs to one channel (the cache invalidations of
 * lib/cache.ts). Its own client, not one of the pool's: a pooled connection is handed to queries
 * and would miss notifications while it is, and a listener must never be idle-closed by the pool.
 *
 * A lost connection is reported at once (`onState(false)`: the caller stops trusting its caches)
 * and retried every `retryMs`. A connection that dies without an error (a half-open socket) is
 * found by a heartbeat query: one unanswered within `heartbeatMs` counts as lost. After
 * reconnecting, `onState(true)` is reported only once LISTEN is in effect, so no change committed
 * after that moment can be missed.
 */
import pg from 'pg';

export interface ListenerOptions {
  url: string;
  channel: string;
  onMessage: (payload: string | undefined) => void;
  onState: (listening: boolean) => void;
  /** Logs a lost connection (no personal data: the error's message only). */
  onError?: (message: string) => void;
  retryMs?: number;
  heartbeatMs?: number;
}

export interface Listener {
  close(): Promise<void>;
}

export function listen(opts: ListenerOptions): Listener {
  const retryMs = opts.retryMs ?? 500;
  const heartbeatMs = opts.heartbeatMs ?? 1_000;
  let client: pg.Client | null = null;
  let closed = false;
  let listening = false;
  let retry: NodeJS.Timeout | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const state = (on: boolean) => {
    if (on === listening) return;
    listening = on;
    opts.onState(on);
  };

  /** Lets go of the connection: no listener left, a late error swallowed, ended. */
  const detach = async () => {
    const c = client;
    client = null;
    state(false);
    if (!c) return;
    c.removeAllListeners();
    // A failed socket may never answer `end`: its error is nobody's, and a loss does not wait.
    c.on('error', () => {});
    await c.end().catch(() => {});
  };

  const lost = (message: string) => {
    if (heartbeat) clearInterval(heartbeat);
    heartbeat = null;
    void detach();
    if (closed) return;
    opts.onError?.(message);
    if (retry) return;
    retry = setTimeout(() => {
      retry = null;
      void connect();
    }, retryMs);
    retry.unref();
  };

  const connect = async () => {
    if (closed) return;
    const c = new pg.Client({ connectionString: opts.url, keepAlive: true, application_name: opts.channel });
    client = c;
    c.on('error', (e) => lost(e.message));
    c.on('end', () => client === c && lost('connection ended'));
    c.on('notification', (n) => {
      if (n.channel === opts.channel) opts.onMessage(n.payload);
    });
    try {
      await c.connect();
      await c.query(`listen ${pg.escapeIdentifier(opts.channel)}`);
    } catch (e) {
      if (client === c) lost((e as Error).message);
      return;
    }
    if (client !== c || closed) return;
    state(true);
    heartbeat = setInterval(() => {
      let answered = false;
      const timer = setTimeout(() => {
        if (!answered && client === c) lost('heartbeat unanswered');
      }, heartbeatMs);
      c.query('select 1').then(
        () => {
          answered = true;
          clearTimeout(timer);
        },
        (e: Error) => {
          answered = true;
          clearTimeout(timer);
          if (client === c) lost(e.message);
        },
      );
    }, heartbeatMs);
    heartbeat.unref();
  };

  void connect();

  return {
    async close() {
      closed = true;
      if (retry) clearTimeout(retry);
      if (heartbeat) clearInterval(heartbeat);
      await detach();
    },
  };
}
