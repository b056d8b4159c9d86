// The dashboard's build: static files in dist/, which the API serves at / (docs/dashboard.md).
import { defineConfig } from 'vite';

// `npm run dev -w @error-tracker/dashboard` serves the sources and passes API calls to a running API.
const api = process.env.DASHBOARD_API ?? 'http://127.0.0.1:5010';

export default defineConfig({
  // Preact's automatic JSX runtime, without a plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  server: { proxy: { '/api': api } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
  },
});
