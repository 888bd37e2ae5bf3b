import type { ReactNode } from 'react';
import type { SiteInfo } from './use-site-info';
import { t } from '../../i18n/i18n';

/** A desk page's title, what it is for, and where its times come from. */
export function DeskHeader({ title, lead, site, timeZone }: { title: string; lead: ReactNode; site: SiteInfo | null; timeZone: string | null }) {
  return (
    <header className="desk-head">
      <div className="desk-head__text">
        <h1 className="desk-head__title">{title}</h1>
        <p className="desk-head__lead">{lead}</p>
      </div>
      <div className="desk-head__site">
        <span className="desk-head__site-name">{site?.site ?? ''}</span>
        {timeZone !== null && <span className="desk-head__zone">{t('desk.timesIn', { zone: timeZone })}</span>}
      </div>
    </header>
  );
}
