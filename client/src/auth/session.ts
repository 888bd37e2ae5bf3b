import type { Role } from '../../../shared/roles';
import { language } from '../i18n/i18n';

/** Who the page is signed in as (GET /api/auth/session). */
export interface Session {
  name: string;
  role: Role;
  kind: 'user' | 'token';
  board: string | null;
  /** the server runs with AUTH=off: everything is open */
  authOff: boolean;
}

export type SessionState = { status: 'loading' } | { status: 'signed-in'; session: Session } | { status: 'signed-out'; reason: string };

export async function fetchSession(): Promise<SessionState> {
  const response = await fetch('/api/auth/session', { headers: { accept: 'application/json' } });
  if (response.ok) return { status: 'signed-in', session: (await response.json()) as Session };
  return { status: 'signed-out', reason: await errorMessage(response) };
}

/** The first message of the API's error body, else the status. */
export async function errorMessage(response: Response): Promise<string> {
  try {
    const body = (await response.json()) as { errors?: { message?: string }[] };
    return body.errors?.[0]?.message ?? `${response.status} ${response.statusText}`;
  } catch {
    return `${response.status} ${response.statusText}`;
  }
}

/** The CSRF token the server set with the session (cookie wb_csrf), sent back as a header on every change. */
function csrfToken(): string {
  return /(?:^|;\s*)wb_csrf=([^;]+)/.exec(document.cookie)?.[1] ?? '';
}

/**
 * A state-changing request with the CSRF header; JSON in and out. It asks in
 * the page's language: a refused save's problems come back in it.
 */
export async function send(method: 'POST' | 'PUT' | 'DELETE', url: string, body?: unknown): Promise<Response> {
  return fetch(url, {
    method,
    headers: {
      'x-csrf-token': csrfToken(),
      'accept-language': language,
      ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
    },
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}
