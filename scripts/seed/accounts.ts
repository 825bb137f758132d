/**
 * 党员账号 in the demo (issue #19): the demo branch's secretary issued the accounts of the branch's
 * members in one batch a week ago; about half have activated theirs (with the demo password), the
 * others still wait with their slips. The existing demo users (`member`, `secretary`) keep theirs.
 * One activist of the branch got an account from their development case and activated it: no role,
 * their home shows the case's next step (decision 0039, "Applicants and activists").
 */
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { z } from 'zod';
import { codeFromBytes, usernameFromBytes } from '../../src/domain/accounts/accounts.js';
import { addDays, type IsoDate } from '../../src/domain/common/dates.js';
import { defaultRules } from '../../src/domain/rules/index.js';
import { queryRows, type Tx } from '../../src/server/db/client.js';
import { accountBatches, activationCodes, roleAssignments, users } from '../../src/server/db/schema/index.js';
import { currentKeyId, hashOf, sealWith } from '../../src/server/lib/pii.js';

export interface SeedAccountsResult {
  batchId: number;
  created: number;
  activated: number;
  /** The activist's account (its username), if the branch has an open activist case. */
  activist: string | null;
}

/** Noon Shanghai time of a day, for the batch's and activations' timestamps. */
const noon = (day: IsoDate) => new Date(`${day}T04:00:00Z`);

export async function seedAccounts(
  tx: Tx,
  opts: {
    today: IsoDate;
    homeOrgId: number;
    homeOrgPath: string;
    secretaryUserId: number;
    passwordHash: string;
  },
): Promise<SeedAccountsResult> {
  const issuedOn = noon(addDays(opts.today, -7));
  const todo = await queryRows(
    tx,
    sql`select m.id, m.name, m.org_id as "orgId" from members m
        where m.org_id = ${opts.homeOrgId} and m.status not in ('left', 'deceased')
          and not exists (select 1 from users u where u.member_id = m.id)
        order by m.id`,
    z.object({ id: z.number(), name: z.string(), orgId: z.number() }),
  );
  const created = todo.length
    ? await tx
        .insert(users)
        .values(
          todo.map((m) => ({
            username: usernameFromBytes(randomBytes(8)),
            displayName: m.name,
            // Not a hash: nothing verifies against it until the member activates (accounts/service.ts).
            passwordHash: '!issued-not-activated',
            memberId: m.id,
            active: false,
            createdAt: issuedOn,
          })),
        )
        .returning({ id: users.id, memberId: users.memberId })
    : [];
  if (created.length)
    await tx
      .insert(roleAssignments)
      .values(created.map((u) => ({ userId: u.id, role: 'member', orgId: opts.homeOrgId })));
  const [batch] = await tx
    .insert(accountBatches)
    .values({
      orgId: opts.homeOrgId,
      orgPath: opts.homeOrgPath,
      created: created.length,
      issued: created.length,
      createdBy: opts.secretaryUserId,
      createdAt: issuedOn,
    })
    .returning({ id: accountBatches.id });
  const expiresAt = new Date(issuedOn.getTime() + defaultRules['accounts.activationValidDays'] * 86_400_000);
  if (created.length)
    await tx.insert(activationCodes).values(
      created.map((u) => {
        const code = codeFromBytes(randomBytes(8));
        return {
          userId: u.id,
          memberId: u.memberId as number,
          batchId: batch.id,
          codeHash: hashOf('code', code),
          codeEnc: sealWith(currentKeyId(), 'code', code),
          expiresAt,
          issuedBy: opts.secretaryUserId,
          issuedAt: issuedOn,
        };
      }),
    );
  // Every other member has activated since (the demo password): the list shows both states.
  const activated = created.filter((_, i) => i % 2 === 0);
  for (const [i, u] of activated.entries()) {
    const on = new Date(issuedOn.getTime() + (1 + (i % 5)) * 86_400_000);
    await tx
      .update(users)
      .set({ active: true, activatedAt: on, passwordHash: opts.passwordHash, passwordChangedAt: on })
      .where(eq(users.id, u.id));
    await tx
      .update(activationCodes)
      .set({ usedAt: on })
      .where(and(eq(activationCodes.userId, u.id), isNull(activationCodes.usedAt)));
  }
  return {
    batchId: batch.id,
    created: created.length,
    activated: activated.length,
    activist: await seedActivistAccount(tx, { ...opts, issuedOn, expiresAt }),
  };
}

/** An activist's account issued from the case a few days ago and activated since (the demo password). */
async function seedActivistAccount(
  tx: Tx,
  opts: { homeOrgId: number; secretaryUserId: number; passwordHash: string; issuedOn: Date; expiresAt: Date },
) {
  const [c] = await queryRows(
    tx,
    sql`select id, name from development_cases
        where org_id = ${opts.homeOrgId} and status = 'active' and stage = 'activist' and member_id is null
        order by id limit 1`,
    z.object({ id: z.number(), name: z.string() }),
  );
  if (!c) return null;
  const username = usernameFromBytes(randomBytes(8));
  const on = new Date(opts.issuedOn.getTime() + 2 * 86_400_000);
  const [u] = await tx
    .insert(users)
    .values({
      username,
      displayName: c.name,
      passwordHash: opts.passwordHash,
      developmentCaseId: c.id,
      active: true,
      activatedAt: on,
      passwordChangedAt: on,
      createdAt: opts.issuedOn,
    })
    .returning({ id: users.id });
  const code = codeFromBytes(randomBytes(8));
  await tx.insert(activationCodes).values({
    userId: u.id,
    memberId: null,
    developmentCaseId: c.id,
    codeHash: hashOf('code', code),
    codeEnc: sealWith(currentKeyId(), 'code', code),
    expiresAt: opts.expiresAt,
    issuedBy: opts.secretaryUserId,
    issuedAt: opts.issuedOn,
    usedAt: on,
  });
  return username;
}
