import { useState, type FormEvent } from 'react';
import { errorMessage } from '../auth/session';
import { t } from '../i18n/i18n';
import { withLanguageOf } from '../i18n/language-choice';

export interface SignInPageProps {
  /** why the page is shown (an expired session, a revoked token) */
  reason: string | null;
  onSignedIn: () => void;
}

/** Name and password, or single sign-on; the server's refusal is shown as it says it (what to do included). */
export function SignInPage({ reason, onSignedIn }: SignInPageProps) {
  const [name, setName] = useState('');
  const [password, setPassword] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    setProblem(null);
    try {
      const response = await fetch('/api/auth/signin', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name, password }),
      });
      if (response.ok) {
        if (window.location.pathname === '/signin') window.history.replaceState(null, '', withLanguageOf(window.location.search, '/'));
        onSignedIn();
      } else setProblem(await errorMessage(response));
    } catch (error) {
      setProblem(t('signIn.noAnswer', { error: String(error) }));
    } finally {
      setBusy(false);
    }
  };

  return (
    <main className="sign-in" data-testid="sign-in">
      <form className="sign-in__form" onSubmit={(event) => void submit(event)}>
        <h1>{t('app.name')}</h1>
        {reason && !problem && <p className="sign-in__note">{reason}</p>}
        <label>
          {t('signIn.name')}
          <input name="name" autoComplete="username" value={name} onChange={(e) => setName(e.target.value)} required data-testid="sign-in-name" />
        </label>
        <label>
          {t('signIn.password')}
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            value={password}
            onChange={(e) => setPassword(e.target.value)}
            required
            data-testid="sign-in-password"
          />
        </label>
        {problem && (
          <p className="sign-in__problem" role="alert" data-testid="sign-in-problem">
            {problem}
          </p>
        )}
        <button type="submit" disabled={busy} data-testid="sign-in-submit">
          {t('signIn.submit')}
        </button>
        <a className="sign-in__sso" href="/api/auth/oidc/start">
          {t('signIn.sso')}
        </a>
        <p className="sign-in__help">{t('signIn.help')}</p>
      </form>
    </main>
  );
}
