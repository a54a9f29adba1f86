import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The UI is built once and served by both shells: Electron's app:// protocol and serve mode's
// HTTP server. Relative asset paths make the same build work under either origin.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron 45's Chromium and current browsers; top-level await is used at start-up.
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
