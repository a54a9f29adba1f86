import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin } from 'vite';
import { META_CONTENT_SECURITY_POLICY } from './shared/security/csp';

/** The CSP as a <meta> tag in the built page (production only: Vite's dev server injects inline code). */
const cspMeta = (): Plugin => ({
  name: 'signalcraft-csp-meta',
  apply: 'build',
  transformIndexHtml: () => [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: META_CONTENT_SECURITY_POLICY }, injectTo: 'head-prepend' }],
});

// The UI is built once and served by both shells: Electron's app:// protocol and serve mode's
// HTTP server. Relative asset paths make the same build work under either origin.
export default defineConfig({
  root: 'renderer',
  base: './',
  plugins: [react(), cspMeta()],
  build: {
    outDir: '../dist/renderer',
    emptyOutDir: true,
    // Electron 45's Chromium and current browsers; top-level await is used at start-up.
    target: 'chrome130',
    sourcemap: true,
    chunkSizeWarningLimit: 1500,
  },
});
