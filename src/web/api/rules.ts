import { useQueryClient } from '@tanstack/react-query';
import { rulesApi } from '../../shared/contracts/rules';
import { queryKeyOf, useApiMutation, useApiQuery } from './contract';
import { keys } from './query';
import type { Rule } from './types';

// ---------- rules ----------

export function useRules() {
  return useApiQuery(rulesApi.list, {});
}

/** After a rule changed: the list shows the new value, and org checks read the rules in force. */
function useRuleChanged() {
  const qc = useQueryClient();
  return {
    onSuccess: (rule: Rule) => {
      qc.setQueryData<Rule[]>(queryKeyOf(rulesApi.list, {}), (list) =>
        list?.map((r) => (r.id === rule.id ? rule : r)),
      );
      qc.invalidateQueries({ queryKey: queryKeyOf(rulesApi.list) });
      // Rule checks on orgs and members read the rules in force.
      qc.invalidateQueries({ queryKey: keys.orgs });
    },
  };
}

/** Sets a configurable rule's value for this deployment (audited, with a reason). */
export const useOverrideRule = () => useApiMutation(rulesApi.override, useRuleChanged());

/** Back to the catalog default (audited, with a reason). */
export const useResetRule = () => useApiMutation(rulesApi.reset, useRuleChanged());
