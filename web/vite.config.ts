/**
 * Vite configuration of the web app (`web/`). `npm start` builds with it through the JS API
 * (web/scripts/build-app.ts) when web/dist is missing or older than the sources; `npm run web:dev`
 * serves it with hot reload and forwards the API to a running `npm start` on port 3000.
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const API_TARGET = 'http://127.0.0.1:3000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Hashed file names under assets/ are served with a year's cache; index.html with none.
    assetsDir: 'assets',
    chunkSizeWarningLimit: 1000,
    // Two pages: the staff app and the customer portal (served at /portal), which shares only
    // libraries (React, Mantine) with the app, so a customer's phone loads no staff-app code.
    rollupOptions: {
      input: {
        app: fileURLToPath(new URL('index.html', import.meta.url)),
        portal: fileURLToPath(new URL('portal.html', import.meta.url)),
      },
    },
  },
  server: {
    proxy: { '/v1': API_TARGET, '/openapi.json': API_TARGET, '/docs': API_TARGET, '/health': API_TARGET },
  },
});
