import { useCallback, useEffect, useState } from 'react';
import { t } from '../i18n/i18n';
import { fetchSession, type SessionState } from './session';

/** The session, asked once at load and again after a sign-in (`refresh`). */
export function useSession(): { state: SessionState; refresh: () => void } {
  const [state, setState] = useState<SessionState>({ status: 'loading' });
  const refresh = useCallback(() => {
    fetchSession().then(setState, (error: unknown) => setState({ status: 'signed-out', reason: t('signIn.noAnswer', { error: String(error) }) }));
  }, []);
  useEffect(refresh, [refresh]);
  return { state, refresh };
}
