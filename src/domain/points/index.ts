export * from './anomalies.js';
export * from './catalog.js';
export * from './compute.js';
export * from './ledger.js';
