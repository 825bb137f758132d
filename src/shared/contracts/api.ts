/**
 * Every endpoint's contract, by API area. The server refuses to start while one of them has no
 * route (a module missing from the registry); the web calls them through src/web/api/contract.ts.
 */
import type { ContractGroup, RouteContract } from './route.js';
import { rulesApi } from './rules.js';

export const API = {
  rules: rulesApi,
} satisfies Record<string, ContractGroup>;

export const API_CONTRACTS: readonly RouteContract[] = Object.values(API as Record<string, ContractGroup>).flatMap(
  (group) => Object.values(group),
);
