// The dashboard's build: static files in dist/, which the API serves at / (docs/dashboard.md).
import { defineConfig } from 'vite';

export default defineConfig({
  // Preact's automatic JSX runtime, without a plugin.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    target: 'es2022',
    sourcemap: false,
  },
});
