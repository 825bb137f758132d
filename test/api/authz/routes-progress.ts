/** The matrix entries of the progress module (issue #20; see kit.ts for what an entry declares). */
import { atBranch, type ContractKey, data, listAt, nothing, type Row, type Spec } from './kit.js';

export const SPECS_PROGRESS = {
  // A subtree's progress: the org must lie in the caller's learning.read scope; every child row too.
  'progress.summary': { build: atBranch({ year: 2026 }), rows: (b) => (b as { children: Row[] }).children },
  'progress.members': { build: atBranch({ standing: 'none' }), rows: data },
  'progress.training': {
    build: atBranch(),
    rows: (b) => {
      const t = b as { newSecretaries: Row[]; probationary: Row[] };
      return [...t.newSecretaries, ...t.probationary];
    },
  },
  'progress.membersExport': { build: listAt({ standing: 'none' }) },
  // The member's own progress: only learning.study holders (the member role) get past 403.
  'progress.mine': nothing,
} satisfies Partial<Record<ContractKey, Spec>>;
