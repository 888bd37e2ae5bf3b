/**
 * `node --import tsx test/support/seed-demo-child.ts <databaseUrl> <site> <days> <nowMs>`:
 * the demo's history seeding in a process of its own, for a test to kill half-way.
 */
import { loadConfig } from '../../server/config/env-config';
import { seedDemoHistory } from '../../server/demo/seed-demo-history';
import { createLogger } from '../../server/observability/logger';

const [databaseUrl, site, days, now] = process.argv.slice(2);
const config = { ...loadConfig({}), databaseUrl: databaseUrl!, site: site!, timeZone: 'Europe/Moscow' };
await seedDemoHistory({ config, logger: createLogger('silent'), days: Number(days), now: Number(now) });
