/**
 * The authorization matrix's expectations, one entry per contract of API_CONTRACTS (what an entry
 * declares: kit.ts). The type below makes a missing entry a compile error; the test checks it
 * again at run time.
 */
import type { ContractKey, Spec } from './kit.js';
import { SPECS_A } from './routes-a.js';
import { SPECS_B } from './routes-b.js';
import { SPECS_HOURS } from './routes-hours.js';
import { SPECS_LEARNING } from './routes-learning.js';
import { SPECS_POINTS } from './routes-points.js';
import { SPECS_PROGRESS } from './routes-progress.js';

export type { Built, ContractKey, Me, Row, Spec } from './kit.js';

export const SPECS: Record<ContractKey, Spec> = {
  ...SPECS_A,
  ...SPECS_B,
  ...SPECS_LEARNING,
  ...SPECS_HOURS,
  ...SPECS_PROGRESS,
  ...SPECS_POINTS,
};
