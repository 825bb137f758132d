/**
 * Serving the built web UI (issue #19, decision 0042): the precompressed brotli or gzip file the
 * browser accepts, hashed assets cached for a year, everything else revalidated, the SPA fallback
 * revalidated too, and the API still `no-store`.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type App, buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { testDatabase } from './harness.js';

const JS = `export const hello = ${JSON.stringify('基层'.repeat(600))};\n`;
const HTML = `<!doctype html><html><head><title>基层</title></head><body><div id="root"></div>${'<!-- pad -->'.repeat(120)}<script type="module" src="/assets/x-abc123.js"></script></body></html>`;

let dir: string;
let app: App;
beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'jiceng-static-'));
  fs.mkdirSync(path.join(dir, 'assets'));
  const write = (rel: string, text: string) => {
    fs.writeFileSync(path.join(dir, rel), text);
    fs.writeFileSync(path.join(dir, `${rel}.br`), zlib.brotliCompressSync(text));
    fs.writeFileSync(path.join(dir, `${rel}.gz`), zlib.gzipSync(text));
  };
  write('index.html', HTML);
  write('assets/x-abc123.js', JS);
  write('sw.js', `/* worker */ self.addEventListener('fetch', () => {}); ${' '.repeat(2000)}`);
  fs.writeFileSync(path.join(dir, 'manifest.webmanifest'), '{"name":"基层"}');
  app = await buildApp({
    config: loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: dir }),
    database: await testDatabase(),
  });
  await app.ready();
});
afterAll(async () => {
  await app.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const get = (url: string, encoding?: string) =>
  app.inject({ url, headers: encoding ? { 'accept-encoding': encoding } : {} });

describe('static web UI', () => {
  it('sends the brotli file when accepted, gzip otherwise, the plain file last, varying on Accept-Encoding', async () => {
    const br = await get('/assets/x-abc123.js', 'gzip, deflate, br');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(br.rawPayload).toString()).toBe(JS);
    expect(br.headers['content-type']).toMatch(/javascript/);
    expect(br.headers.vary).toMatch(/accept-encoding/i);

    const gz = await get('/assets/x-abc123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(zlib.gunzipSync(gz.rawPayload).toString()).toBe(JS);

    const plain = await get('/assets/x-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(JS);
    expect(plain.headers.vary).toMatch(/accept-encoding/i);
  });

  it('caches hashed assets for a year, immutable, in every encoding', async () => {
    for (const enc of ['br', 'gzip', undefined]) {
      const res = await get('/assets/x-abc123.js', enc);
      expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    }
  });

  it('revalidates index.html, the service worker and the manifest (no-cache with an ETag)', async () => {
    for (const url of ['/', '/index.html', '/sw.js', '/manifest.webmanifest']) {
      const res = await get(url, 'br');
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['cache-control'], url).toBe('no-cache');
      expect(res.headers.etag, url).toBeTruthy();
    }
    const first = await get('/', 'br');
    expect(first.headers['content-encoding']).toBe('br');
    const again = await app.inject({
      url: '/',
      headers: { 'accept-encoding': 'br', 'if-none-match': String(first.headers.etag) },
    });
    expect(again.statusCode).toBe(304);
  });

  it('answers a client-side route with index.html, compressed and revalidated, with the security headers', async () => {
    const res = await get('/my/meetings/3', 'br');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/html/);
    expect(res.headers['content-encoding']).toBe('br');
    expect(zlib.brotliDecompressSync(res.rawPayload).toString()).toBe(HTML);
    expect(res.headers['cache-control']).toBe('no-cache');
    expect(res.headers['content-security-policy']).toMatch(/script-src 'self'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('gives a missing asset a real 404, and the API no-store', async () => {
    const missing = await get('/assets/gone-123.js', 'br');
    expect(missing.statusCode).toBe(404);
    const api = await get('/api/health', 'br');
    expect(api.headers['cache-control']).toBe('no-store');
    const unknownApi = await get('/api/nothing-here', 'br');
    expect(unknownApi.statusCode).toBe(404);
    expect(unknownApi.headers['cache-control']).toBe('no-store');
  });
});
