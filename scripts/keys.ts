// `npm run keys -- <command>`: the keys that seal ID numbers and phones (src/server/lib/pii.ts).
//
//   generate                      prints a new deployment key (base64, 32 bytes) for JICENG_DATA_KEY
//   status                        the data keys and how many values each one encrypts
//   rotate                        a new data key encrypts from now on; the current one is retired
//   reencrypt [--chunk 500]       moves the values of retired keys to the current one (resumable)
//   rewrap --new-key B64 | --new-key-file PATH
//                                 wraps the data keys with a new deployment key (the old one is the
//                                 configured one); then configure the new key and restart
//
// The deployment key is the one the server uses (JICENG_DATA_KEY, JICENG_DATA_KEY_FILE, or the
// embedded database's key file). The embedded PostgreSQL is reached through a running server's
// cluster (or started for the command's run); PGlite needs the server stopped (one process opens
// it). With PostgreSQL, embedded or not, restart the servers after `rotate` (they keep the keys they
// loaded) and before `reencrypt`.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { loadConfig } from '../src/server/config.js';
import { openForCommand } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { deploymentKey, loadDataKeys, parseKek } from '../src/server/lib/pii.js';
import { keyStatus, reencrypt, rewrapKeys, rotateEncKey } from '../src/server/lib/pii-keys.js';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    chunk: { type: 'string', default: '500' },
    'new-key': { type: 'string' },
    'new-key-file': { type: 'string' },
  },
});
const command = positionals[0];
const COMMANDS = ['generate', 'status', 'rotate', 'reencrypt', 'rewrap'];
if (!command || !COMMANDS.includes(command)) {
  console.error(`用法：npm run keys -- ${COMMANDS.join('|')}（见 scripts/keys.ts 开头的说明）`);
  process.exit(2);
}
if (command === 'generate') {
  console.log(randomBytes(32).toString('base64'));
  process.exit(0);
}

const config = loadConfig();
const kek = deploymentKey(config);
const database = await openForCommand(config, `keys ${command}`);
try {
  await runMigrations(database);
  const db = database.db;
  await loadDataKeys(db, { kek });
  if (command === 'status') {
    const s = await keyStatus(db);
    for (const k of s.keys) {
      const n = s.values.filter((v) => v.keyId === k.id).reduce((a, v) => a + v.n, 0);
      const state = k.retiredAt ? `已停用 ${k.retiredAt}` : '使用中';
      console.log(
        `数据密钥 ${k.id}  ${k.purpose}  ${state}  部署密钥 ${k.kekId}  加密的值：${k.purpose === 'enc' ? n : '—'}`,
      );
    }
    for (const v of s.values) console.log(`  ${v.table}.${v.column}  密钥 ${v.keyId}：${v.n}`);
  } else if (command === 'rotate') {
    const r = await rotateEncKey(db, kek);
    console.log(
      `新数据密钥 ${r.current} 已启用；已停用：${r.retired.join('、') || '无'}。请重启服务后运行 npm run keys -- reencrypt`,
    );
  } else if (command === 'reencrypt') {
    const chunk = Number(values.chunk);
    if (!Number.isInteger(chunk) || chunk < 1) throw new Error('--chunk 应为正整数');
    const n = await reencrypt(db, {
      chunk,
      onChunk: (table, column, k) => console.log(`  ${table}.${column}：${k}`),
    });
    console.log(`已重新加密 ${n} 个值`);
  } else if (command === 'rewrap') {
    const text =
      values['new-key'] ?? (values['new-key-file'] && fs.readFileSync(values['new-key-file'], 'utf8'));
    if (!text) throw new Error('rewrap 需要 --new-key（base64）或 --new-key-file');
    const newKek = parseKek(text, '新部署密钥');
    const n = await rewrapKeys(db, kek, newKek);
    console.log(
      `${n} 个数据密钥已由新部署密钥加密。请将新密钥配置为 JICENG_DATA_KEY（或 JICENG_DATA_KEY_FILE）后重启服务。`,
    );
    if (!config.databaseUrl && !process.env.JICENG_DATA_KEY && !process.env.JICENG_DATA_KEY_FILE) {
      console.log(`（内置数据库的密钥文件 ${config.dataDir}.key 仍是旧密钥：用新密钥替换其内容。）`);
    }
  }
} finally {
  await database.close();
}
