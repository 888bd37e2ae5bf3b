import type { ReactNode } from 'react';

/**
 * A titled section of a desk page: the title labels it for screen readers and
 * the lead says how to read what follows. `actions` (a loading chip, a
 * download) stand beside the title.
 */
export function Panel(props: {
  /** the title's element id */
  id: string;
  title: ReactNode;
  lead: ReactNode;
  quiet?: boolean;
  actions?: ReactNode;
  testId?: string;
  loading?: boolean;
  children?: ReactNode;
}) {
  const { id, title, lead, quiet = false, actions, testId, loading, children } = props;
  const head = (
    <div className="panel__head">
      <h2 className="panel__title" id={id}>
        {title}
      </h2>
      <p className="panel__lead">{lead}</p>
    </div>
  );
  return (
    <section className={quiet ? 'panel panel--quiet' : 'panel'} aria-labelledby={id} data-testid={testId} data-loading={loading}>
      {actions === undefined ? (
        head
      ) : (
        <div className="panel__head panel__head--row">
          {head}
          <div className="toolbar__end">{actions}</div>
        </div>
      )}
      {children}
    </section>
  );
}
