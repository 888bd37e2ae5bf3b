import { useEffect, useState } from 'react';

/**
 * Page state kept in the query string, so a view can be reloaded, bookmarked
 * and sent to a colleague. The URL is replaced, not pushed: stepping through
 * dates should not fill the Back button.
 */
export function useSearchState<T>(
  parse: (search: URLSearchParams) => T,
  serialize: (state: T) => URLSearchParams,
): [T, (update: (previous: T) => T) => void] {
  const [state, setState] = useState(() => parse(new URLSearchParams(window.location.search)));

  useEffect(() => {
    const query = serialize(state).toString();
    const href = `${window.location.pathname}${query === '' ? '' : `?${query}`}`;
    if (href !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', href);
  }, [state, serialize]);

  return [state, setState];
}
