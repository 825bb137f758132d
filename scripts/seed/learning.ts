/**
 * The demo's learning data (issue #20): filled in by the learning module's work; called by seedDemo after
 * the other seeds, in the order learning, hours, points.
 */
import type { Tx } from '../../src/server/db/client.js';

export interface SeedLearningOptions {
  today: string;
  seed: number;
}

export async function seedLearning(_tx: Tx, _opts: SeedLearningOptions): Promise<void> {}
