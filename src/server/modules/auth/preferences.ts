/**
 * A user's own display settings (大字模式): kept on the server so they follow the member to
 * another phone (decision 0043). They are the user's own and change nothing anyone else sees, so
 * a change is not an audit entry.
 */
import { eq, sql } from 'drizzle-orm';
import type { PreferencesDto } from '../../../shared/contracts/auth.js';
import type { DbOrTx } from '../../db/client.js';
import { type UserPreferences, users } from '../../db/schema/index.js';

/** The stored settings with each unset one at its default. */
function withDefaults(stored: UserPreferences | null | undefined): PreferencesDto {
  return { largeType: stored?.largeType === true };
}

export async function readPreferences(db: DbOrTx, userId: number): Promise<PreferencesDto> {
  const [row] = await db
    .select({ preferences: users.preferences })
    .from(users)
    .where(eq(users.id, userId))
    .limit(1);
  return withDefaults(row?.preferences);
}

/** Merges the sent settings into the stored ones in one statement (two phones at once both land). */
export async function updatePreferences(
  db: DbOrTx,
  userId: number,
  change: Partial<PreferencesDto>,
): Promise<PreferencesDto> {
  const [row] = await db
    .update(users)
    .set({ preferences: sql`${users.preferences} || ${JSON.stringify(change)}::jsonb` })
    .where(eq(users.id, userId))
    .returning({ preferences: users.preferences });
  return withDefaults(row?.preferences);
}
