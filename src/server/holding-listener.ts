/**
 * The port, bound before the database is opened. A second server that cannot have the port (an
 * EADDRINUSE) must fail before it migrates anything: a new build started by mistake beside a
 * running one would otherwise migrate the live database under it. So the server binds first, with
 * this small listener, and only then opens, migrates and seeds the database.
 *
 * While that runs, every request is answered 503 HEALTH_NOT_READY (the liveness probe `/api/health`
 * 200: the process is up), so a load balancer or a user sees "starting" instead of a refused
 * connection or a half-migrated database. When the app is ready the listener hands the port over:
 * it closes and the app listens on the same port at once (the gap is a few milliseconds; Linux sets
 * SO_REUSEADDR, so the port is free again immediately).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { ERROR_CODES } from '../shared/contracts/error-codes.js';

export interface HoldingListener {
  /** The bound port (the real one when PORT=0). */
  port: number;
  /** Closes the listener and its connections, so the app can listen on the port. */
  close(): Promise<void>;
}

export async function holdPort(port: number, host: string): Promise<HoldingListener> {
  const server = http.createServer((req, res) => {
    const live = req.url === '/api/health' || req.url?.startsWith('/api/health?');
    res.setHeader('Connection', 'close');
    res.setHeader('Cache-Control', 'no-store');
    res.setHeader('Retry-After', '5');
    res.writeHead(live ? 200 : 503, { 'Content-Type': 'application/json; charset=utf-8' });
    res.end(
      JSON.stringify(
        live
          ? { status: 'ok' }
          : {
              code: 'HEALTH_NOT_READY',
              message: `${ERROR_CODES.HEALTH_NOT_READY.message}：正在启动（打开数据库、执行迁移），请稍后再试`,
              requestId: 'startup',
            },
      ),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ port, host }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
