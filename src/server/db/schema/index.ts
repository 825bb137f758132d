export * from './audit.js';
export * from './development.js';
export * from './dues.js';
export * from './members.js';
export * from './orglife.js';
export * from './orgs.js';
export * from './types.js';
export * from './users.js';
