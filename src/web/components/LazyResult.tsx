import type { ResultProps } from 'antd';
import { lazy, Suspense } from 'react';

/*
 * antd's Result (403, 404, errors) with its large status illustrations, loaded only when one is
 * shown: the pages of the entry chunk and a member's first pages mention it for their error states,
 * and its SVGs would otherwise be part of every first load (issue #19, decision 0042).
 */
const AntResult = lazy(() => import('antd/es/result'));

export function Result(props: ResultProps) {
  return (
    <Suspense fallback={null}>
      <AntResult {...props} />
    </Suspense>
  );
}
