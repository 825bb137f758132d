/**
 * The demo's points data (issue #20): filled in by the points module's work; called by seedDemo after
 * the other seeds, in the order learning, hours, points.
 */
import type { Tx } from '../../src/server/db/client.js';

export interface SeedPointsOptions {
  today: string;
  seed: number;
}

export async function seedPoints(_tx: Tx, _opts: SeedPointsOptions): Promise<void> {}
