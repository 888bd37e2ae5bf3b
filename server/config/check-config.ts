import { loadConfigOrExit } from './env-config';

/**
 * `npm start` runs this before it builds the page: a bad variable stops the
 * start in well under a second, not after the client build.
 */
loadConfigOrExit();
