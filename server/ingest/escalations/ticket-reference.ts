/**
 * How a developers' task names the support ticket that raised it, when no
 * custom field does: the ticket's id in square brackets at the start of the
 * title, optionally with its desk: "[5158] Export fails", "[zendesk:5158] ...",
 * "[SD-17] ...". Escalating from a desk usually makes exactly such a title.
 */
const IN_TITLE = /^\s*\[([a-z]+:)?([A-Za-z0-9][A-Za-z0-9_-]{0,63})\]/i;

export function ticketRefInTitle(title: string | null | undefined): string | null {
  const match = IN_TITLE.exec(title ?? '');
  if (!match) return null;
  return `${match[1]?.toLowerCase() ?? ''}${match[2]}`;
}

/** A custom field's value as a reference: text or a number, trimmed; empty is none. */
export function ticketRefOfField(value: unknown): string | null {
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value !== 'string') return null;
  const trimmed = value.trim().slice(0, 200);
  return trimmed === '' ? null : trimmed;
}
