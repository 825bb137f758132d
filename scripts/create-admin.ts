// `npm run user:create-admin -- --username NAME --org-id ID [--display-name 名称]`
// Creates the first administrator of a production deployment (no demo is seeded there). The
// password is read from JICENG_ADMIN_PASSWORD or generated and printed once. Without
// --org-id, the root of the tree is used (there must be exactly one); with an empty tree a
// root org can be created with --root-name.
import { parseArgs } from 'node:util';
import { eq, isNull, sql } from 'drizzle-orm';
import { orgNameKeys } from '../src/domain/common/pinyin.js';
import { loadConfig } from '../src/server/config.js';
import { openDatabase } from '../src/server/db/client.js';
import { lockOrExit } from '../src/server/db/lock.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { orgs, orgVersions, roleAssignments, users } from '../src/server/db/schema/index.js';
import { generatePassword, hashPassword } from '../src/server/lib/passwords.js';

const { values } = parseArgs({
  options: {
    username: { type: 'string', default: 'admin' },
    'display-name': { type: 'string', default: '组织部门管理员' },
    'org-id': { type: 'string' },
    'root-name': { type: 'string' },
    'root-division-code': { type: 'string' },
  },
});
const config = loadConfig();
// An embedded database has one writer: stop the server first (the lock says so if it runs).
if (!config.databaseUrl) lockOrExit(config.dataDir, 'create-admin', { signals: true });
const database = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
await runMigrations(database);
const db = database.db;
try {
  const taken = await db.select({ id: users.id }).from(users).where(eq(users.username, values.username));
  if (taken.length) throw new Error(`用户名 ${values.username} 已存在`);
  let orgId = values['org-id'] ? Number(values['org-id']) : undefined;
  if (!orgId) {
    const roots = await db.select({ id: orgs.id }).from(orgs).where(isNull(orgs.parentId));
    if (roots.length === 1) orgId = roots[0].id;
    else if (roots.length === 0 && values['root-name']) {
      const name = values['root-name'];
      const k = orgNameKeys(name);
      const today = new Date().toISOString().slice(0, 10);
      const [root] = await db
        .insert(orgs)
        .values({
          path: '0',
          depth: 0,
          name,
          namePinyin: k.pinyin,
          nameInitials: k.initials,
          kind: 'committee',
          sector: 'government',
          divisionCode: values['root-division-code'] ?? null,
          foundedOn: today,
        })
        .returning({ id: orgs.id });
      await db
        .update(orgs)
        .set({ path: sql`${String(root.id)}::ltree` })
        .where(eq(orgs.id, root.id));
      await db.insert(orgVersions).values({
        orgId: root.id,
        validFrom: today,
        name,
        kind: 'committee',
        status: 'active',
        change: 'created',
      });
      orgId = root.id;
    } else {
      throw new Error(
        roots.length ? '有多个根组织，请用 --org-id 指定' : '组织树为空，请用 --root-name 创建根组织',
      );
    }
  }
  const password = process.env.JICENG_ADMIN_PASSWORD ?? generatePassword();
  const [u] = await db
    .insert(users)
    .values({
      username: values.username,
      displayName: values['display-name'],
      passwordHash: await hashPassword(password),
    })
    .returning();
  await db.insert(roleAssignments).values({ userId: u.id, role: 'org_admin', orgId });
  console.log(`已创建管理员 ${values.username}（党组织 ${orgId}）`);
  if (!process.env.JICENG_ADMIN_PASSWORD) console.log(`初始密码（仅显示这一次）：${password}`);
} catch (e) {
  console.error((e as Error).message);
  process.exitCode = 1;
} finally {
  await database.close();
}
