import type { TicketPriority, TicketSource } from '../ticket-events';

/**
 * Provider priority names onto our three levels. Zendesk has four (urgent is
 * "service down" too), Jira five (Lowest..Highest, admin-renamable, hence the
 * case-insensitive match); the generic webhook sends ours.
 */
const PRIORITY_NAMES: Readonly<Partial<Record<TicketSource, ReadonlyMap<string, TicketPriority>>>> = {
  generic: new Map([
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
  ]),
  zendesk: new Map([
    ['low', 'low'],
    ['normal', 'medium'],
    ['high', 'high'],
    ['urgent', 'high'],
  ]),
  jira: new Map([
    ['lowest', 'low'],
    ['low', 'low'],
    ['medium', 'medium'],
    ['high', 'high'],
    ['highest', 'high'],
  ]),
};

/** an unknown name is treated as a normal request until someone maps it */
const FALLBACK_PRIORITY: TicketPriority = 'medium';

export interface MappedPriority {
  priority: TicketPriority;
  /** false: the name was not recognised and `priority` is the fallback (report and count it) */
  known: boolean;
}

export function mapPriority(source: TicketSource, name: string): MappedPriority {
  const priority = PRIORITY_NAMES[source]?.get(name.trim().toLowerCase());
  return priority ? { priority, known: true } : { priority: FALLBACK_PRIORITY, known: false };
}
