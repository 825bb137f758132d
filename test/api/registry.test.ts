/**
 * The start-up refuses a server whose modules and contracts disagree (docs/decisions/0001, 0002):
 * a module left out of the registry, a route without a contract or a response schema, a contract
 * bound twice or bound without being listed in API.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { type App, buildApp } from '../../src/server/app.js';
import { loadConfig } from '../../src/server/config.js';
import { bind } from '../../src/server/lib/route.js';
import { defineModule, type ModuleManifest } from '../../src/server/modules/manifest.js';
import { MODULES } from '../../src/server/modules/registry.js';
import { defineRoute } from '../../src/shared/contracts/route.js';
import { rulesApi } from '../../src/shared/contracts/rules.js';
import { json, testDatabase } from './harness.js';

const config = loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', DATA_DIR: '/nonexistent' });
const started: App[] = [];
// The database boots once per worker (slow on a busy machine): in the hook, not in the first test.
beforeAll(async () => {
  await testDatabase();
});
afterAll(async () => {
  for (const app of started) await app.close();
});

async function start(modules: readonly ModuleManifest[]) {
  const app = await buildApp({ config, database: await testDatabase(), modules });
  started.push(app);
  await app.ready();
  return app;
}

const extra = (m: Partial<ModuleManifest>) =>
  defineModule({ name: 'extra', label: '测试', auditActions: [], tables: [], ...m });

describe('the start-up checks the registry', () => {
  it('starts with every module of the registry', async () => {
    const app = await start(MODULES);
    expect(app.routeTable.length).toBeGreaterThan(100);
  });

  it('refuses a registry that leaves a module out, naming its unserved routes', async () => {
    await expect(start(MODULES.filter((m) => m.name !== 'settings'))).rejects.toThrow(
      /contracts without a route.*GET \/api\/rules/,
    );
  });

  it('refuses a route whose contract has no success response', async () => {
    const noResponse = defineRoute({
      method: 'GET',
      path: '/api/extra',
      permission: 'authenticated',
      tag: 'extra',
      summary: '无响应定义',
      responses: { 404: z.object({}) },
    });
    await expect(
      start([...MODULES, extra({ routes: () => [bind(noResponse, async () => ({}) as never)] })]),
    ).rejects.toThrow(/GET \/api\/extra declares no success response/);
  });

  it('refuses a route that is not declared by a contract', async () => {
    const plain = extra({
      setup: async (scope) => {
        scope.get('/api/extra', { config: { permission: 'authenticated' } }, async () => ({ ok: true }));
      },
    });
    await expect(start([...MODULES, plain])).rejects.toThrow(
      /GET \/api\/extra is not declared by a contract/,
    );
  });

  it('refuses a contract bound twice, and one bound without being listed in API', async () => {
    const twice = extra({ routes: () => [bind(rulesApi.list, async () => [])] });
    await expect(start([...MODULES, twice])).rejects.toThrow(/bound twice/);
    const unlisted = defineRoute({
      method: 'GET',
      path: '/api/extra',
      permission: 'authenticated',
      tag: 'extra',
      summary: '未登记的接口',
      responses: { 200: z.object({ ok: z.boolean() }) },
    });
    await expect(
      start([...MODULES, extra({ routes: () => [bind(unlisted, async () => ({ ok: true }))] })]),
    ).rejects.toThrow(/not in API.*GET \/api\/extra/);
  });

  it('lists a response body for every operation in the OpenAPI document', async () => {
    const app = await start(MODULES);
    const doc = json(await app.inject({ url: '/api/openapi.json' }));
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(
      doc.paths as Record<string, Record<string, { responses?: object }>>,
    )) {
      for (const [method, op] of Object.entries(ops)) {
        const ok = Object.entries((op.responses ?? {}) as Record<string, { content?: object }>).filter(
          ([status, r]) => status.startsWith('2') && (r.content || status === '204'),
        );
        if (!ok.length) missing.push(`${method.toUpperCase()} ${path}`);
      }
    }
    expect(missing).toEqual([]);
    // A route answered as JSON or as a file lists both forms.
    expect(Object.keys(doc.paths['/api/orgs/{id}/report'].get.responses['200'].content).sort()).toEqual([
      'application/json',
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ]);
  });
});
