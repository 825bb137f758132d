/**
 * The authorization matrix's expectations, one entry per contract of API_CONTRACTS (what an entry
 * declares: kit.ts). The type below makes a missing entry a compile error; the test checks it
 * again at run time.
 */
import type { ContractKey, Spec } from './kit.js';
import { SPECS_A } from './routes-a.js';
import { SPECS_B } from './routes-b.js';

export type { Built, ContractKey, Me, Row, Spec } from './kit.js';

export const SPECS: Record<ContractKey, Spec> = { ...SPECS_A, ...SPECS_B };
