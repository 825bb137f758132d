import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { setupEnv, type TestEnv } from './harness.js';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(() => env.app.close());

describe('route permissions', () => {
  it('lists METHOD url -> permission for every API route (snapshot)', () => {
    const table = [...env.app.routeTable].sort();
    expect(table.length).toBeGreaterThan(20);
    expect(table.every((line) => !line.endsWith('-> undefined'))).toBe(true);
    expect(table.join('\n')).toMatchSnapshot();
  });

  it('refuses to start when a route declares no permission', async () => {
    const { buildApp } = await import('../../src/server/app.js');
    const app = await buildApp({
      config: (await import('../../src/server/config.js')).loadConfig({
        LOG_LEVEL: 'silent',
        WEB_DIST: '/nonexistent',
      }),
      database: { db: env.db, kind: 'pglite', close: async () => {} },
    });
    expect(() => app.get('/api/naked', async () => 'x')).toThrow(/declares no permission/);
    await app.close();
  });
});
