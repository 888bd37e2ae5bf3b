import { loadAlertsFile } from '../alerts/alert-config';
import { loadBoardsFile } from '../boards/board-config';
import { QueueSettingsBook } from './queue-settings';
import { loadConfigOrExit } from './env-config';

/**
 * `npm start` runs this before it builds the page: a bad variable stops the
 * start in well under a second, not after the client build.
 */
const config = loadConfigOrExit();
// the alert rules and boards too: a mistake there names the rule or board and field before the page build, not after it
try {
  if (config.alertsFile) loadAlertsFile(config.alertsFile);
  if (config.boardsFile) loadBoardsFile(config.boardsFile, QueueSettingsBook.load(config.queuesFile).configuredIds);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
