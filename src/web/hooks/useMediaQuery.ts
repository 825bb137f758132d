import { useSyncExternalStore } from 'react';

/** Whether a CSS media query matches, kept up to date. */
export function useMediaQuery(query: string): boolean {
  return useSyncExternalStore(
    (onChange) => {
      const mql = window.matchMedia(query);
      mql.addEventListener('change', onChange);
      return () => mql.removeEventListener('change', onChange);
    },
    () => window.matchMedia(query).matches,
    () => false,
  );
}

/** Phone width: the side menu becomes a drawer behind a hamburger button. */
export const PHONE_QUERY = '(max-width: 480px)';
export const useIsPhone = () => useMediaQuery(PHONE_QUERY);
