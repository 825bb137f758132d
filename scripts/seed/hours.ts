/**
 * The demo's hours data (issue #20): filled in by the hours module's work; called by seedDemo after
 * the other seeds, in the order learning, hours, points.
 */
import type { Tx } from '../../src/server/db/client.js';

export interface SeedHoursOptions {
  today: string;
  seed: number;
}

export async function seedHours(_tx: Tx, _opts: SeedHoursOptions): Promise<void> {}
