// Sign-in under a login flood (issue #18: a flood slowed real logins to ~1.9 s).
//   npm run bench:login
// An owner signs in from one address while another address floods the login route with wrong
// passwords, each request with a new forged X-Forwarded-For (ignored without TRUST_PROXY).
// Prints the owner's median sign-in time idle and during the flood, and the flood's answers:
// after the few free attempts the flood is refused before any hashing (429), so the owner's
// sign-in costs about what it costs idle. Also prints the time of a wrong password against that of
// an unknown name (the same work: one verification each).
import { buildApp } from '../src/server/app.js';
import { loadConfig } from '../src/server/config.js';
import { openPglite } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { users } from '../src/server/db/schema/index.js';
import { hashPassword } from '../src/server/lib/passwords.js';

const PASSWORD = 'Owner-pass-2026';
const database = await openPglite(undefined);
await runMigrations(database);
await database.db
  .insert(users)
  .values({ username: 'owner', displayName: '测试', passwordHash: await hashPassword(PASSWORD) });
// The per-minute cap is lifted so that only the back-off stands between the flood and the hashing.
const app = await buildApp({
  config: loadConfig({ LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent', LOGIN_RATE_LIMIT: '1000000' }),
  database,
});

const login = (username: string, password: string, ip: string, xff?: string) =>
  app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password },
    remoteAddress: ip,
    headers: xff ? { 'x-forwarded-for': xff } : {},
  });

async function ownerMedianMs(runs = 7) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const res = await login('owner', PASSWORD, '192.0.2.10');
    if (res.statusCode !== 200) throw new Error(`owner refused: ${res.body}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)]);
}

/** Median time of a refused sign-in: a real name with a wrong password, or a name that does not exist. */
async function failedMedianMs(username: string, runs = 9) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    // A new address each time, so that the back-off never answers instead of the password check.
    const res = await login(username, 'wrong-password', `198.51.100.${i + (username === 'owner' ? 1 : 101)}`);
    if (res.statusCode !== 401) throw new Error(`expected 401: ${res.body}`);
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return Math.round(times[Math.floor(runs / 2)]);
}

const unknown = await failedMedianMs('no-such-user');
const known = await failedMedianMs('owner');
console.log(`refused sign-in, median of 9: wrong password ${known} ms, unknown name ${unknown} ms`);
const idle = await ownerMedianMs();
let stop = false;
let sent = 0;
const answers: Record<number, number> = {};
const flood = (async () => {
  while (!stop) {
    const batch = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        login(`victim${i % 5}`, 'guess', '203.0.113.66', `10.0.${sent % 250}.${i}`),
      ),
    );
    for (const r of batch) answers[r.statusCode] = (answers[r.statusCode] ?? 0) + 1;
    sent += batch.length;
  }
})();
await new Promise((resolve) => setTimeout(resolve, 500));
const during = await ownerMedianMs();
stop = true;
await flood;
console.log(`owner sign-in, median of 7: idle ${idle} ms, during the flood ${during} ms`);
console.log(`flood: ${sent} requests, answers by status ${JSON.stringify(answers)}`);
await app.close();
await database.close();
