/**
 * The deployment key (KEK) of lib/pii.ts: where it comes from. It wraps the data keys and nothing
 * else; see pii.ts for the scheme.
 */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';

/** A deployment key from base64 text: exactly 32 bytes. */
export function parseKek(text: string, source: string): Buffer {
  const key = Buffer.from(text.trim(), 'base64');
  if (key.length !== 32) {
    throw new Error(`${source} 应为 base64 编码的 32 字节密钥（生成：npm run keys -- generate）`);
  }
  return key;
}

/**
 * The deployment key: JICENG_DATA_KEY (base64, 32 bytes), else JICENG_DATA_KEY_FILE (a file holding
 * it). The embedded database without either gets a key file created on first start beside its data
 * directory (`<DATA_DIR>.key`, mode 0600): demo-grade, since whoever copies both has the data; with
 * PostgreSQL (DATABASE_URL) a key must be configured, and start-up refuses without one.
 */
export function deploymentKey(
  config: { dataDir: string; databaseUrl?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): Buffer {
  if (env.JICENG_DATA_KEY) return parseKek(env.JICENG_DATA_KEY, 'JICENG_DATA_KEY');
  if (env.JICENG_DATA_KEY_FILE) {
    return parseKek(fs.readFileSync(env.JICENG_DATA_KEY_FILE, 'utf8'), 'JICENG_DATA_KEY_FILE');
  }
  if (config.databaseUrl) {
    throw new Error(
      '使用 PostgreSQL（DATABASE_URL）时必须配置部署密钥：JICENG_DATA_KEY（base64 编码的 32 字节）或 JICENG_DATA_KEY_FILE（保存该密钥的文件）。生成：npm run keys -- generate',
    );
  }
  const file = `${config.dataDir.replace(/[/\\]+$/, '')}.key`;
  try {
    // 'wx': two processes starting at once cannot both create it; the loser reads the winner's.
    fs.writeFileSync(file, `${randomBytes(32).toString('base64')}\n`, { flag: 'wx', mode: 0o600 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  return parseKek(fs.readFileSync(file, 'utf8'), file);
}
