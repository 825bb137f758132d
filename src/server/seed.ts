import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { seedDemo } from '../../scripts/seed/demo.js';
import type { AppConfig } from './config.js';
import { type Database, queryRows } from './db/client.js';
import { generatePassword } from './lib/passwords.js';
import { deploymentKey } from './lib/pii.js';

/**
 * First start of a demo deployment: fill an empty database with the Lanzhou demo. The demo
 * password comes from JICENG_DEMO_PASSWORD or is generated and printed once, here.
 */
export async function seedDemoIfEmpty(
  database: Database,
  config: AppConfig,
  today: string,
): Promise<boolean> {
  const [r] = await queryRows(
    database.db,
    sql`select exists (select 1 from users) as has_users`,
    z.object({ has_users: z.boolean() }),
  );
  if (r.has_users) return false;
  const password = config.demoPassword ?? generatePassword();
  // The demo's ID numbers and phones are sealed with the deployment's data keys, like any other.
  const result = await seedDemo(database.db, { password, today, kek: deploymentKey(config) });
  console.log(
    `已生成演示数据：${result.orgs} 个党组织，${result.members} 名党员。演示账号：${result.users.join('、')}` +
      (config.demoPassword
        ? '（密码为 JICENG_DEMO_PASSWORD）'
        : `\n演示账号密码（仅显示这一次）：${password}`),
  );
  return true;
}
