// `npm run db:move-to-postgres`: moves an embedded PGlite DATA_DIR (the engine before decision
// 0052) into the embedded PostgreSQL, once, with the server stopped. See
// src/server/db/move-to-postgres.ts for the steps; the old directory is kept as
// <DATA_DIR>.pglite-old until the operator deletes it.
import { loadConfig } from '../src/server/config.js';
import { lockOrExit } from '../src/server/db/lock.js';
import { moveToPostgres } from '../src/server/db/move-to-postgres.js';

const config = loadConfig();
if (config.databaseUrl) {
  console.error('设置了 DATABASE_URL：此命令只迁移内嵌数据库（DATA_DIR）');
  process.exit(2);
}
lockOrExit(config.dataDir, 'move-to-postgres', { signals: true });
try {
  const r = await moveToPostgres(config.dataDir, (line) => console.log(line));
  const rows = r.tables.reduce((a, t) => a + t.rows, 0);
  console.log(
    `已迁移到嵌入式 PostgreSQL（${r.cluster}）：${r.tables.length} 张表共 ${rows} 行，${r.sequences} 个序列，行数逐表核对一致。`,
  );
  console.log(`旧的 PGlite 目录保留为 ${r.oldDir}，确认无误后可删除。现在可以 npm start。`);
} catch (err) {
  console.error(`迁移失败，DATA_DIR 未改动：${(err as Error).message}`);
  process.exitCode = 1;
}
