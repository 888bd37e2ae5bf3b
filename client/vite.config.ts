import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { buildIdPlugin } from './build-id-plugin';

/**
 * Built with `vite build client` (root = client/, output client/dist), which the
 * server serves as static files. In `vite dev` the API and socket.io are proxied
 * to the server, so the page talks to the same origin in both cases.
 */
const apiTarget = process.env.WALLBOARD_API_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react(), buildIdPlugin()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
  },
  server: {
    proxy: {
      '/api': apiTarget,
      '/socket.io': { target: apiTarget, ws: true },
    },
    // shared/ (the zod contracts) lives outside the client root.
    fs: { allow: ['..'] },
  },
});
