/**
 * A user's own display settings (大字模式): kept on the server so they follow the member to
 * another phone (decision 0043). They are the user's own and change nothing anyone else sees, so
 * a change is not an audit entry.
 */
import { eq, sql } from 'drizzle-orm';
import type { PreferencesDto } from '../../../shared/contracts/auth.js';
import type { DbOrTx } from '../../db/client.js';
import { type UserPreferences, users } from '../../db/schema/index.js';
import { invalidate } from '../../lib/cache.js';

/** The stored settings with each unset one at its default (the session's row carries them). */
export function withDefaults(stored: UserPreferences | null | undefined): PreferencesDto {
  return { largeType: stored?.largeType === true };
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
  // Sessions kept in any process carry the settings (lib/cache.ts).
  await invalidate(db, { users: [userId] });
  return withDefaults(row?.preferences);
}
