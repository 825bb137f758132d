/**
 * Learning content (课程、学习资料) and classes (集中培训、专题辅导), issue #20.
 */
import type { ErrorMap } from './error-codes.js';
import type { ContractGroup } from './route.js';

// ---- errors ---------------------------------------------------------------------------------

export const LEARNING_ERRORS = {} as const satisfies ErrorMap;

// ---- routes ---------------------------------------------------------------------------------

export const learningApi = {} satisfies ContractGroup;
