import { defineConfig } from 'vite';

export default defineConfig({
  // mediasoup-client, React and zod make one ~600 kB bundle (150 kB gzipped); splitting it gains little for a page that needs all of it.
  build: { outDir: 'dist', emptyOutDir: true, sourcemap: true, chunkSizeWarningLimit: 800 },
  server: { proxy: { '/socket.io': { target: 'http://localhost:3000', ws: true }, '/healthz': 'http://localhost:3000' } },
});
