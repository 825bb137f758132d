// `npm run user:create-admin -- --username NAME [--role org_admin|sysadmin|security_admin|auditor]
//   [--org-id ID] [--display-name 名称]`
// Creates the first accounts of a production deployment (no demo is seeded there): an org admin,
// and the three administrators (三员分立), each a separate account (run the command once per role).
// In the running system a role takes effect only when a security administrator other than the
// proposer approves it; the first ones cannot be approved by anybody, so they are made here, by the
// operator at the server's console, outside the web (docs/security.md). The password is read from
// JICENG_ADMIN_PASSWORD (it must meet the password rules) or generated and printed once; either way
// it is temporary: the first sign-in must change it. Without --org-id, the root of the tree is used
// (there must be exactly one); with an empty tree a root org can be created with --root-name.
import { parseArgs } from 'node:util';
import { eq, isNull, sql } from 'drizzle-orm';
import { orgNameKeys } from '../src/domain/common/pinyin.js';
import { loadConfig } from '../src/server/config.js';
import { openForCommand } from '../src/server/db/client.js';
import { runMigrations } from '../src/server/db/migrate.js';
import { orgs, orgVersions, roleAssignments, users } from '../src/server/db/schema/index.js';
import { scrubText } from '../src/server/lib/log.js';
import { generatePassword, hashPassword } from '../src/server/lib/passwords.js';
import { checkPassword } from '../src/server/modules/auth/index.js';
import { ROLE_LABELS, ROLES, type Role } from '../src/shared/contracts/permissions.js';

/** Roles this command may give; `member` comes only with a member link confirmed by the member's org. */
const ROLES_HERE: readonly Role[] = ROLES.filter((r) => r !== 'member' && r !== 'secretary');

const { values } = parseArgs({
  options: {
    username: { type: 'string', default: 'admin' },
    role: { type: 'string', default: 'org_admin' },
    'display-name': { type: 'string' },
    'org-id': { type: 'string' },
    'root-name': { type: 'string' },
    'root-division-code': { type: 'string' },
  },
});
const role = values.role as Role;
if (!ROLES_HERE.includes(role)) {
  console.error(`--role 应为 ${ROLES_HERE.join('、')} 之一（得到 ${values.role}）`);
  process.exit(1);
}
const displayName = values['display-name'] ?? ROLE_LABELS[role];
const config = loadConfig();
// The embedded PostgreSQL: through the running server's cluster, or started for this run. PGlite has
// one writer: stop the server first (the lock says so if it runs).
const database = await openForCommand(config, 'create-admin');
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
  if (process.env.JICENG_ADMIN_PASSWORD) {
    await checkPassword(db, password, { username: values.username, field: 'JICENG_ADMIN_PASSWORD' }).catch(
      (e: { details?: Array<{ message: string }> }) => {
        throw new Error(
          `JICENG_ADMIN_PASSWORD 不符合密码规则：${(e.details ?? []).map((d) => d.message).join('；')}`,
        );
      },
    );
  }
  const [u] = await db
    .insert(users)
    .values({
      username: values.username,
      displayName,
      passwordHash: await hashPassword(password),
      // Whoever ran this command knows the password: the owner replaces it at the first sign-in.
      mustChangePassword: true,
    })
    .returning();
  await db.insert(roleAssignments).values({ userId: u.id, role, orgId });
  console.log(`已创建${ROLE_LABELS[role]} ${values.username}（党组织 ${orgId}），首次登录须修改密码`);
  if (!process.env.JICENG_ADMIN_PASSWORD) console.log(`初始密码（仅显示这一次）：${password}`);
} catch (e) {
  // A database error's message may carry its parameters: scrubbed like the server's log.
  console.error(scrubText((e as Error).message));
  process.exitCode = 1;
} finally {
  await database.close();
}
