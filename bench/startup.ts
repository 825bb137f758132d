// Cold and warm start of `npm start` on the embedded database (its default engine: PostgreSQL from
// npm since decision 0052; JICENG_EMBEDDED=pglite for PGlite): time from spawning the process to the
// first 200 from /api/health/ready (the liveness probe answers 200 as soon as the port is bound,
// before the database is opened: src/server/holding-listener.ts). Cold = empty DATA_DIR (create,
// migrate, seed the demo); warm =
// the same directory again. The web UI is built beforehand (npm install builds it), so this
// measures the server. Run: npm run bench:startup [-- --runs 3]
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({
  options: { runs: { type: 'string', default: '3' }, port: { type: 'string', default: '18080' } },
});
const runs = Number(values.runs);
const port = Number(values.port);

async function startOnce(dataDir: string): Promise<number> {
  const t0 = performance.now();
  const child = spawn(process.execPath, ['scripts/start.mjs'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      JICENG_DEMO_PASSWORD: 'bench-password',
      LOG_LEVEL: 'warn',
    },
    stdio: 'ignore',
  });
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
      if (performance.now() - t0 > 120_000) throw new Error('no answer within 120 s');
      try {
        const r = await fetch(`http://127.0.0.1:${port}/api/health/ready`);
        if (r.ok) return performance.now() - t0;
      } catch {
        // not listening yet
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const cold: number[] = [];
const warm: number[] = [];
for (let i = 0; i < runs; i++) {
  const dir = mkdtempSync(path.join(tmpdir(), 'jiceng-bench-'));
  // mkdtemp's 0700 would keep out the account the embedded PostgreSQL runs as under root.
  chmodSync(dir, 0o755);
  try {
    cold.push(await startOnce(dir));
    warm.push(await startOnce(dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
const fmt = (xs: number[]) => xs.map((x) => `${(x / 1000).toFixed(1)} s`).join(', ');
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] / 1000;
console.log(`cold start (empty DATA_DIR, seed demo): ${fmt(cold)}; median ${median(cold).toFixed(1)} s`);
console.log(`warm start (existing DATA_DIR):         ${fmt(warm)}; median ${median(warm).toFixed(1)} s`);
