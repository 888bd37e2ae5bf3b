import { useSyncExternalStore } from 'react';

/**
 * A router of our own, on the History API: a handful of pages do not need a
 * dependency. The server answers every non-API path with index.html, so a
 * reload or a shared link of /day lands here too.
 */

export type RouteName = 'board' | 'day' | 'plan' | 'agents' | 'alerts' | 'alertRules';

export interface Route {
  name: RouteName;
  path: string;
  /** the navigation's word for it */
  label: string;
  /** the browser tab's title */
  title: string;
}

export const ROUTES: readonly Route[] = [
  { name: 'board', path: '/', label: 'Board', title: 'Support Wallboard' },
  { name: 'day', path: '/day', label: 'Day', title: 'Day view · Support Wallboard' },
  { name: 'plan', path: '/plan', label: 'Plan', title: 'Staffing plan · Support Wallboard' },
  { name: 'agents', path: '/agents', label: 'Agents', title: "Agents' day · Support Wallboard" },
  { name: 'alerts', path: '/alerts', label: 'Alerts', title: 'Alert history · Support Wallboard' },
  { name: 'alertRules', path: '/admin/alerts', label: 'Alert rules', title: 'Alert rules · Support Wallboard' },
];

/** The page at `pathname` ("/day/" is "/day"); null when there is none. */
export function routeOf(pathname: string): Route | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  return ROUTES.find((route) => route.path === path) ?? null;
}

// pushState fires no event: navigate() announces itself with this one.
const NAVIGATE_EVENT = 'wallboard:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener(NAVIGATE_EVENT, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener(NAVIGATE_EVENT, onChange);
  };
}

export function useLocationPath(): string {
  return useSyncExternalStore(subscribe, () => window.location.pathname);
}

export function useLocationSearch(): string {
  return useSyncExternalStore(subscribe, () => window.location.search);
}

/** `replace`: no entry in the Back history (a rotation moving on by itself). */
export function navigate(href: string, { replace = false }: { replace?: boolean } = {}): void {
  if (replace) window.history.replaceState(null, '', href);
  else window.history.pushState(null, '', href);
  window.dispatchEvent(new Event(NAVIGATE_EVENT));
}

/** Clicks the router may take over; a middle or modified click opens a tab as the browser would. */
export function isPlainLeftClick(event: {
  button: number;
  metaKey: boolean;
  ctrlKey: boolean;
  shiftKey: boolean;
  altKey: boolean;
  defaultPrevented: boolean;
}): boolean {
  return event.button === 0 && !event.defaultPrevented && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey;
}
