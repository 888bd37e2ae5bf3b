import { useSyncExternalStore } from 'react';
import type { Role } from '../../../shared/roles';
import type { MessageKey } from '../i18n/i18n';

/**
 * A router of our own, on the History API: a handful of pages do not need a
 * dependency. The server answers every non-API path with index.html, so a
 * reload or a shared link of /day lands here too.
 */

export type RouteName = 'board' | 'day' | 'plan' | 'agents' | 'callbacks' | 'alerts' | 'alertRules' | 'boards' | 'admin';

export interface Route {
  name: RouteName;
  path: string;
  /** the navigation's word for it (a catalogue key: i18n/messages-en.ts) */
  label: MessageKey;
  /** the browser tab's title (a catalogue key) */
  title: MessageKey;
  /** the role that may open it; the server guards its data by the same roles (server/auth/route-access.ts) */
  needs: Role;
}

export const ROUTES: readonly Route[] = [
  { name: 'board', path: '/', label: 'nav.board', title: 'app.name', needs: 'viewer' },
  { name: 'day', path: '/day', label: 'nav.day', title: 'title.day', needs: 'manager' },
  { name: 'plan', path: '/plan', label: 'nav.plan', title: 'title.plan', needs: 'manager' },
  { name: 'agents', path: '/agents', label: 'nav.agents', title: 'title.agents', needs: 'manager' },
  { name: 'callbacks', path: '/callbacks', label: 'nav.callbacks', title: 'title.callbacks', needs: 'manager' },
  { name: 'alerts', path: '/alerts', label: 'nav.alerts', title: 'title.alerts', needs: 'manager' },
  { name: 'alertRules', path: '/admin/alerts', label: 'nav.alertRules', title: 'title.alertRules', needs: 'admin' },
  { name: 'boards', path: '/admin/boards', label: 'nav.boards', title: 'title.boards', needs: 'admin' },
  { name: 'admin', path: '/admin', label: 'nav.admin', title: 'title.admin', needs: 'admin' },
];

/** The page at `pathname` ("/day/" is "/day"; a team board's `/board/<name>` is the board); null when there is none. */
export function routeOf(pathname: string): Route | null {
  const path = pathname.replace(/\/+$/, '') || '/';
  const page = /^\/board\/[^/]+$/.test(path) ? '/' : path;
  return ROUTES.find((route) => route.path === page) ?? null;
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
