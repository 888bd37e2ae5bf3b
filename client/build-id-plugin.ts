import { randomBytes } from 'node:crypto';
import type { Plugin } from 'vite';

/**
 * One id per client build, known to both sides: compiled into the page as
 * `__BUILD_ID__` and written beside it as build-id.json, which the server
 * serves at GET /api/build. A kiosk page that sees another id there reloads
 * itself: a new build was deployed.
 */
export function buildIdPlugin(): Plugin {
  const buildId = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
  return {
    name: 'wallboard-build-id',
    config: () => ({ define: { __BUILD_ID__: JSON.stringify(buildId) } }),
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'build-id.json', source: JSON.stringify({ buildId }) });
    },
  };
}
