import { loadAlertsFile } from '../alerts/alert-config';
import { loadConfigOrExit } from './env-config';

/**
 * `npm start` runs this before it builds the page: a bad variable stops the
 * start in well under a second, not after the client build.
 */
const config = loadConfigOrExit();
// the alert rules too: a mistake there names the rule and field before the page build, not after it
try {
  if (config.alertsFile) loadAlertsFile(config.alertsFile);
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
