/**
 * The area hooks, gathered for pages that import from one place. New code imports the area file
 * (`./dues`, `./members`, …) directly.
 */

export * from './audit';
export * from './auth';
export * from './meetings';
export * from './members';
export * from './notifications';
export * from './orglife';
export * from './orgs';
export * from './query';
export * from './rules';
export * from './transfers';
export * from './users';
