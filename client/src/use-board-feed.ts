import { useEffect, useState } from 'react';
import { initialFeedState, openBoardFeed, type BoardFeedState } from './board-feed';

/** The live feed of one board while the component is mounted; `board: null` opens nothing. */
export function useBoardFeed(board: string | null): BoardFeedState {
  const [state, setState] = useState<BoardFeedState>(initialFeedState);
  useEffect(() => {
    if (board === null) return undefined;
    const feed = openBoardFeed({ board });
    setState(feed.getState());
    const unsubscribe = feed.subscribe(setState);
    return () => {
      unsubscribe();
      feed.close();
    };
  }, [board]);
  return state;
}
