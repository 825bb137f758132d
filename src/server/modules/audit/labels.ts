/**
 * The audit actions and the modules that write them: every action in AUDIT_ACTIONS (its Chinese
 * label) is claimed by exactly one module's manifest, and every action a manifest claims has a
 * label. An action the log shows as its code, or one no module owns, fails the check
 * (src/server/modules/audit/labels.test.ts runs it over the registry).
 */
import { AUDIT_ACTIONS } from '../../../shared/contracts/audit.js';
import type { ModuleManifest } from '../manifest.js';

/** What is wrong, one line each ([] when the manifests and the labels agree). */
export function auditActionProblems(
  modules: readonly Pick<ModuleManifest, 'name' | 'auditActions'>[],
  labels: Readonly<Record<string, string>> = AUDIT_ACTIONS,
): string[] {
  const out: string[] = [];
  const owners = new Map<string, string[]>();
  for (const m of modules) {
    for (const action of m.auditActions) {
      owners.set(action, [...(owners.get(action) ?? []), m.name]);
      if (!Object.hasOwn(labels, action) || !labels[action]?.trim()) {
        out.push(`${action} (module ${m.name}) has no label`);
      }
    }
  }
  for (const action of Object.keys(labels)) {
    const by = owners.get(action) ?? [];
    if (by.length === 0) out.push(`${action} is claimed by no module`);
    if (by.length > 1) out.push(`${action} is claimed by ${by.length} modules: ${by.join(', ')}`);
  }
  return out;
}
