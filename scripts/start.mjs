// `npm start`: runs the server from its TypeScript sources (through tsx), building the web UI
// first if it has not been built. `npm install` builds it already (postinstall runs this with
// --build-only), so that the first start only has to create and seed the database.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const buildOnly = process.argv.includes('--build-only');
if (buildOnly || !existsSync('dist/web/index.html')) {
  console.log('正在构建网页界面…');
  const vite = 'node_modules/vite/bin/vite.js';
  const r = spawnSync(process.execPath, [vite, 'build', '--config', 'vite.config.ts', '--logLevel', 'warn'], {
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
const { register } = await import('tsx/esm/api');
register();
if (buildOnly) {
  // The embedded database is PostgreSQL from npm (decision 0052): initdb and the migrations run at
  // the first start (a few seconds). Only where it falls back to PGlite (musl, no binaries package,
  // JICENG_EMBEDDED=pglite) is the migrated empty PGlite cluster saved for the first start (~4 s
  // less, decision 0021). Not fatal: without it the first start creates the database itself.
  try {
    const { embeddedEngine } = await import('../src/server/db/client.ts');
    const { engine } = await embeddedEngine();
    if (engine !== 'postgres') {
      const { writeTemplate } = await import('../src/server/db/template.ts');
      await writeTemplate();
    }
  } catch (err) {
    console.warn(
      '未能生成数据库模板（首次启动将直接创建数据库）：',
      err instanceof Error ? err.message : err,
    );
  }
  process.exit(0);
} else {
  await import('../src/server/main.ts');
}
