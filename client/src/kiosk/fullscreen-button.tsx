import { useEffect, useState } from 'react';
import { t } from '../i18n/i18n';

/** Asks for fullscreen (a browser grants it only on a click or key press); gone while fullscreen. */
export function FullscreenButton({ awake }: { awake: boolean }) {
  const [fullscreen, setFullscreen] = useState(() => document.fullscreenElement !== null);
  useEffect(() => {
    const onChange = () => setFullscreen(document.fullscreenElement !== null);
    document.addEventListener('fullscreenchange', onChange);
    return () => document.removeEventListener('fullscreenchange', onChange);
  }, []);
  if (fullscreen || !document.fullscreenEnabled) return null;
  return (
    <button
      type="button"
      className="kiosk-fullscreen"
      data-awake={awake}
      data-testid="fullscreen-button"
      onClick={() => void document.documentElement.requestFullscreen().catch(() => {})}
    >
      {t('board.fullscreen')}
    </button>
  );
}
