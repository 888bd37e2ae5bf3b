import type { MouseEvent } from 'react';
import { allows, type Role } from '../../../shared/roles';
import { send } from '../auth/session';
import { isPlainLeftClick, navigate, ROUTES, type RouteName } from './router';
import { usePointerAwake } from './use-pointer-awake';
import { t } from '../i18n/i18n';
import { withLanguageOf } from '../i18n/language-choice';

export interface AppNavProps {
  /** null on a path with no page */
  current: RouteName | null;
  /** `bar`: the desk pages' top bar; `overlay`: a corner pill over the board, shown while the pointer moves */
  variant: 'bar' | 'overlay';
  /** links are shown for the pages this role may open */
  role: Role;
  /** a person may sign out; a kiosk token and AUTH=off have nothing to sign out of */
  canSignOut: boolean;
}

/** `everywhere` ends every session of the person (another browser, a lost laptop), not only this one. */
async function signOut(everywhere: boolean): Promise<void> {
  await send('POST', everywhere ? '/api/auth/signout-everywhere' : '/api/auth/signout');
  window.location.assign(withLanguageOf(window.location.search, '/signin'));
}

function follow(event: MouseEvent<HTMLAnchorElement>): void {
  if (!isPlainLeftClick(event)) return;
  event.preventDefault();
  navigate(event.currentTarget.getAttribute('href') ?? '/');
}

export function AppNav({ current, variant, role, canSignOut }: AppNavProps) {
  const awake = usePointerAwake(4000);
  return (
    <nav className={`app-nav app-nav--${variant}`} data-awake={awake} aria-label={t('nav.pages')} data-testid="app-nav">
      {variant === 'bar' && <span className="app-nav__product">{t('app.name')}</span>}
      <ul className="app-nav__links">
        {ROUTES.filter((route) => allows(role, route.needs)).map((route) => (
          <li key={route.name}>
            <a
              href={withLanguageOf(window.location.search, route.path)}
              className="app-nav__link"
              aria-current={route.name === current ? 'page' : undefined}
              data-testid={`nav-${route.name}`}
              onClick={follow}
            >
              {t(route.label)}
            </a>
          </li>
        ))}
      </ul>
      {canSignOut && (
        <span className="app-nav__sign-out">
          <button type="button" onClick={() => void signOut(false)} data-testid="sign-out">
            {t('nav.signOut')}
          </button>
          {variant === 'bar' && (
            <button type="button" onClick={() => void signOut(true)} title={t('nav.everywhereTitle')} data-testid="sign-out-everywhere">
              {t('nav.everywhere')}
            </button>
          )}
        </span>
      )}
    </nav>
  );
}
