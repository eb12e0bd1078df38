import { defineConfig } from 'vite';

// The renderer: plain Vite (React via esbuild's automatic JSX; no extra plugin needed).
export default defineConfig({
  root: 'src/renderer',
  base: './',
  publicDir: false,
  esbuild: { jsx: 'automatic' },
  build: {
    outDir: '../../dist/renderer',
    emptyOutDir: true,
    sourcemap: true,
    chunkSizeWarningLimit: 2000,
  },
});
