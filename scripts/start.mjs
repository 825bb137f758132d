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
  // The migrated empty database the first start loads instead of creating one (~4 s less). Not
  // fatal: without it the first start creates the database itself.
  try {
    const { writeTemplate } = await import('../src/server/db/template.ts');
    await writeTemplate();
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
