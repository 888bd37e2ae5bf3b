import type { ReactNode } from 'react';
import { t } from '../../i18n/i18n';
import { DeskHeader } from './desk-header';
import { QueueSelect } from './queue-select';
import type { SiteInfo } from './use-site-info';

/** The frame of a desk page: its header, a toolbar that starts with the queue and ends with the page's actions, then the panels. */
export function DeskPage(props: {
  testId: string;
  loading?: boolean;
  title: string;
  lead: ReactNode;
  site: SiteInfo | null;
  /** the zone of the answer on show; until one has come, the site's */
  timeZone: string | undefined;
  queue: string | null;
  onQueue: (queue: string | null) => void;
  queueTestId: string;
  /** the toolbar's fields after the queue */
  fields: ReactNode;
  /** the end of the toolbar: loading chip, downloads */
  actions: ReactNode;
  children: ReactNode;
}) {
  const { site } = props;
  return (
    <main className="desk-page" data-testid={props.testId} data-loading={props.loading}>
      <DeskHeader title={props.title} lead={props.lead} site={site} timeZone={props.timeZone ?? site?.timeZone ?? null} />

      <div className="toolbar" role="group" aria-label={t('desk.whatToShow')}>
        <QueueSelect queues={site?.queues ?? []} value={props.queue} onChange={props.onQueue} testId={props.queueTestId} />
        {props.fields}
        <div className="toolbar__end">{props.actions}</div>
      </div>

      {props.children}
    </main>
  );
}
