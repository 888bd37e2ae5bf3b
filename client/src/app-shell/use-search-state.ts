import { useEffect, useState } from 'react';
import { KIOSK_PARAMS } from '../kiosk/kiosk-options';

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
    const params = serialize(state);
    // a wall screen's own parameters are not the page's to drop
    const current = new URLSearchParams(window.location.search);
    for (const name of KIOSK_PARAMS) {
      const value = current.get(name);
      if (value !== null) params.set(name, value);
    }
    const query = params.toString();
    const href = `${window.location.pathname}${query === '' ? '' : `?${query}`}`;
    if (href !== `${window.location.pathname}${window.location.search}`) window.history.replaceState(null, '', href);
  }, [state, serialize]);

  return [state, setState];
}
