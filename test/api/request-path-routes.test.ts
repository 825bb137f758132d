// The statements the main read routes send once the process keeps the session, the rules and the
// org rows (issue #21 part 2, decision 0049): one each. Counts, never times: they are exact on any
// machine. `npm run bench:load` shows the same counts on the generated city.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { QUERY_COUNT_HEADER } from '../../src/server/lib/request-stats.js';
import { json, NOW, setupEnv, type TestEnv, TODAY } from './harness.js';

process.env.JICENG_QUERY_COUNT = '1';

let env: TestEnv;
beforeAll(async () => {
  env = await setupEnv();
});
afterAll(async () => {
  env.clock.now = NOW;
  await env.app.close();
});

/** The second of two requests: the first fills what the process keeps. */
async function warmCount(url: string, username: string) {
  const cookie = await env.login(username);
  const first = await env.app.inject({ url, headers: { cookie } });
  expect(first.statusCode).toBe(200);
  const res = await env.app.inject({ url, headers: { cookie } });
  expect(res.statusCode).toBe(200);
  return { queries: Number(res.headers[QUERY_COUNT_HEADER]), body: json(res) };
}

describe('one statement per read route once the process keeps what every request reads', () => {
  it('the org page', async () => {
    const { queries, body } = await warmCount(`/api/orgs/${env.fx.org.branchA1}`, 'secA1');
    expect(queries).toBe(1);
    expect(body).toMatchObject({ id: env.fx.org.branchA1, stats: { directMembers: 3 } });
  });

  it('the children, a page with its total', async () => {
    const { queries, body } = await warmCount(`/api/orgs/${env.fx.org.districtA}/children`, 'admin');
    expect(queries).toBe(1);
    expect(body.total).toBe(2);
  });

  it('the dues ledger: no write once the month has its rows', async () => {
    // The first request makes the month's rows (a write, once); the second only reads.
    const { queries, body } = await warmCount(
      `/api/dues/ledger?orgId=${env.fx.org.branchA1}&month=${TODAY.slice(0, 7)}`,
      'secA1',
    );
    expect(queries).toBe(1);
    expect(body.total).toBeGreaterThan(0);
  });

  it("the member's home", async () => {
    const { queries, body } = await warmCount('/api/my/home', 'memberA1');
    expect(queries).toBe(1);
    expect(body.member).not.toBeNull();
  });
});
