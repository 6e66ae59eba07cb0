import { fileURLToPath } from 'node:url';

import react from '@vitejs/plugin-react';
import presetMantine from 'postcss-preset-mantine';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * Builds the back-office single-page app into ui/dist, which the service serves at `/`.
 * `npx vite --config ui/vite.config.ts` runs it with hot reload against a service on :8080.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  css: { postcss: { plugins: [presetMantine()] } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
  server: {
    proxy: { '/api': process.env.WAWI_BRIDGE_URL ?? 'http://127.0.0.1:8080' },
  },
});
