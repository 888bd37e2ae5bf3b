import { t } from '../i18n/i18n';

/**
 * The one click a browser needs before the board may play its alert sound.
 * Shown in kiosk mode from the start (asked once, while someone is at the TV
 * setting it up), elsewhere when a sounding alert fires.
 */
export function SoundUnlock({ onUnlock }: { onUnlock: () => void }) {
  return (
    <button type="button" className="sound-unlock" data-testid="sound-unlock" onClick={onUnlock}>
      {t('board.soundUnlock')}
    </button>
  );
}
