/** The matrix entries of the learning module (issue #20; see kit.ts for what an entry declares). */
import type { ContractKey, Spec } from './kit.js';

export const SPECS_LEARNING = {} satisfies Partial<Record<ContractKey, Spec>>;
