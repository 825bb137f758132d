export * from './amounts.js';
export * from './labels.js';
export * from './ledger.js';
export * from './months.js';
export * from './runs.js';
