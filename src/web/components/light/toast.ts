import './light.css';

/**
 * A one-line notice at the top of the page, gone after 3 s: what member pages use instead of antd's
 * `message` (App.useApp), which with notification and modal is about 20 KB of a member's first
 * load (issue #19). Plain DOM, no provider: call it from anywhere. role=status, so a screen reader
 * reads it.
 */
function show(text: string, kind: 'success' | 'error' | 'info', ms?: number) {
  let host = document.querySelector<HTMLDivElement>('.light-toasts');
  if (!host) {
    host = document.createElement('div');
    host.className = 'light-toasts';
    host.setAttribute('role', 'status');
    host.setAttribute('aria-live', 'polite');
    document.body.appendChild(host);
  }
  const el = document.createElement('div');
  el.className = `light-toast light-toast-${kind}`;
  el.textContent = text;
  host.appendChild(el);
  setTimeout(() => el.remove(), ms ?? (kind === 'error' ? 4000 : 3000));
}

export const toast = {
  /** `ms`: longer for a notice the member must read (the username after activation). */
  success: (text: string, ms?: number) => show(text, 'success', ms),
  error: (text: string) => show(text, 'error'),
  info: (text: string) => show(text, 'info'),
};
