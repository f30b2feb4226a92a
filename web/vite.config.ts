import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

/**
 * The explorer UI. `npm run build` writes web/dist, which the gateway serves at `/`. In `npm run dev`, the
 * API paths are proxied to a running `dataspoke start` (DATASPOKE_URL, default http://localhost:4000).
 */
const api = process.env.DATASPOKE_URL ?? 'http://localhost:4000';

export default defineConfig({
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // The bundle-size test reads the manifest to find what the portal loads first.
    manifest: true,
    sourcemap: false,
  },
  server: {
    proxy: Object.fromEntries(['/graphql', '/api', '/gms', '/health'].map((p) => [p, api])),
  },
});
