/**
 * What every request meets before any route (issue #18): the Origin check on state-changing
 * requests, the security headers and no-store, and the deadlines that cut slow clients off.
 */
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { json, setupEnv, type TestEnv, testDatabase } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

const BOUNDARY = '----jiceng-guards';
/** A multipart body like a plain HTML form post: fields only, as a forged form would send. */
const formBody = `--${BOUNDARY}\r\nContent-Disposition: form-data; name="kind"\r\n\r\nmembers\r\n--${BOUNDARY}--\r\n`;

describe('Origin check on state-changing requests', () => {
  const logoutFrom = async (headers: Record<string, string>) =>
    env.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { cookie: await env.login('auditor'), host: 'jiceng.example.cn', ...headers },
    });

  it('refuses a JSON request from a foreign Origin, or a foreign Referer without Origin', async () => {
    for (const headers of <Record<string, string>[]>[
      { origin: 'https://evil.example' },
      { origin: 'null' },
      { referer: 'https://evil.example/page.html' },
      // Same host name on another port is another origin.
      { origin: 'https://jiceng.example.cn:8443' },
    ]) {
      const res = await logoutFrom(headers);
      expect(res.statusCode).toBe(403);
      expect(json(res)).toMatchObject({ code: 'AUTH_ORIGIN_REFUSED', message: '请求来源不受信任，已拒绝' });
    }
    // The session survived every refused attempt.
    expect(
      (await env.app.inject({ url: '/api/me', headers: { cookie: await env.login('auditor') } })).statusCode,
    ).toBe(200);
  });

  it('refuses a multipart form post from a foreign Origin before reading it', async () => {
    const res = await env.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: formBody,
      headers: {
        cookie: await env.login('secA1'),
        origin: 'https://evil.example',
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
    });
    expect(res.statusCode).toBe(403);
    expect(json(res).code).toBe('AUTH_ORIGIN_REFUSED');
    // The same form from the server's own page passes the check (and meets the route's own rules).
    const own = await env.app.inject({
      method: 'POST',
      url: '/api/imports',
      payload: formBody,
      headers: {
        cookie: await env.login('secA1'),
        host: 'jiceng.example.cn',
        origin: 'https://jiceng.example.cn',
        'content-type': `multipart/form-data; boundary=${BOUNDARY}`,
      },
    });
    expect(json(own).code).not.toBe('AUTH_ORIGIN_REFUSED');
  });

  it('lets the own origin, ALLOWED_ORIGINS, reads and clients that send neither header through', async () => {
    expect((await logoutFrom({ origin: 'https://jiceng.example.cn' })).statusCode).toBe(200);
    expect((await logoutFrom({ referer: 'http://jiceng.example.cn/members' })).statusCode).toBe(200);
    expect((await logoutFrom({})).statusCode).toBe(200);
    const read = await env.app.inject({ url: '/api/health', headers: { origin: 'https://evil.example' } });
    expect(read.statusCode).toBe(200);
    const app = await buildApp({
      config: loadConfig({
        LOG_LEVEL: 'silent',
        WEB_DIST: '/nonexistent',
        ALLOWED_ORIGINS: 'https://Portal.example/',
      }),
      database: await testDatabase(),
    });
    const res = await app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { origin: 'https://portal.example' },
    });
    expect(res.statusCode).toBe(200);
    await app.close();
  });
});

describe('security headers', () => {
  it('sends the policy on every response and no-store on every API answer', async () => {
    const me = await env.app.inject({ url: '/api/me', headers: { cookie: await env.login('secA1') } });
    const missing = await env.app.inject({ url: '/api/nope' });
    for (const res of [me, missing]) {
      expect(res.headers['content-security-policy']).toMatch(/script-src 'self';/);
      expect(res.headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(res.headers['content-security-policy']).not.toMatch(/script-src[^;]*unsafe-inline/);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('DENY');
      expect(res.headers['referrer-policy']).toBe('same-origin');
      expect(res.headers['cache-control']).toBe('no-store');
      // HSTS only when the deployment says it runs behind HTTPS.
      expect(res.headers['strict-transport-security']).toBeUndefined();
    }
  });

  it('adds HSTS when COOKIE_SECURE=1', async () => {
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', COOKIE_SECURE: '1' }),
      database: await testDatabase(),
    });
    const res = await app.inject({ url: '/api/health' });
    expect(res.headers['strict-transport-security']).toMatch(/^max-age=31536000/);
    await app.close();
  });
});

describe('deadlines', () => {
  it('lets a handler work longer than the idle timeout and still answers', async () => {
    const app = await buildApp({
      config: loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', IDLE_TIMEOUT_SECONDS: '1' }),
      database: await testDatabase(),
    });
    // A handler silent for 1.5 idle periods (found by the fault script: a long rollback lost its answer).
    app.addHook('preHandler', async (request) => {
      if (request.url === '/api/health') await new Promise((r) => setTimeout(r, 1500));
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    try {
      const res = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(res.status).toBe(200);
    } finally {
      await app.close();
    }
  });

  it('cuts off a client that sends its headers slowly, and still serves others', async () => {
    const app = await buildApp({
      config: loadConfig({
        LOG_LEVEL: 'silent',
        WEB_DIST: '/nonexistent',
        HEADERS_TIMEOUT_SECONDS: '1',
        REQUEST_TIMEOUT_SECONDS: '2',
      }),
      database: await testDatabase(),
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as net.AddressInfo;
    try {
      // One header line every 200 ms keeps the socket busy (no idle timeout) but never finishes
      // the headers: the slowloris pattern. 100 lines would take 20 s.
      const LINES = 100;
      const result = await new Promise<{ sent: number; answer: string }>((resolve) => {
        const socket = net.connect(port, '127.0.0.1');
        let sent = 0;
        let answer = '';
        let timer: NodeJS.Timeout | undefined;
        const finish = () => {
          clearInterval(timer);
          socket.destroy();
          resolve({ sent, answer });
        };
        socket.on('data', (d) => {
          answer += d.toString();
        });
        socket.on('close', finish);
        socket.on('error', finish);
        socket.on('connect', () => {
          socket.write('GET /api/health HTTP/1.1\r\nHost: localhost\r\n');
          timer = setInterval(() => {
            if (sent >= LINES) return finish();
            if (!socket.writable) return;
            socket.write(`X-Slow-${sent++}: 1\r\n`);
          }, 200);
        });
      });
      expect(result.sent).toBeLessThan(100);
      expect(result.answer).toMatch(/^HTTP\/1\.1 408/);
      const ok = await fetch(`http://127.0.0.1:${port}/api/health`);
      expect(ok.status).toBe(200);
    } finally {
      await app.close();
    }
  });
});
