import type { StatusLevel } from '../status-level';
import { Icon } from './icons';
import { LEVEL_LOOK } from './looks';
import { t } from '../i18n/i18n';

/** A panel's status as a badge: the level's icon and word besides its colour. */
export function LevelBadge({ level, testId }: { level: StatusLevel; testId: string }) {
  const look = LEVEL_LOOK[level];
  return (
    <span className="badge" data-testid={testId} data-level={level}>
      <Icon name={look.icon} />
      {t(look.label)}
    </span>
  );
}
