/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const engine = (globalThis as { process?: { env: Record<string, string | undefined> } }).process?.env.QUARRY_ENGINE
  ?? 'http://localhost:8080';

// The engine serves the build under /console; hashed assets go to /console/assets.
export default defineConfig({
  base: '/console/',
  plugins: [react()],
  // GraphiQL's GraphQL worker splits into chunks, which only ES module workers can load.
  worker: { format: 'es' },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
  },
  server: {
    // `npm run dev` talks to an engine on localhost:8080, or the one QUARRY_ENGINE names; /v1/graphql's WebSocket
    // (the API page's subscriptions) goes along.
    proxy: { '/v1': { target: engine, ws: true }, '/v2': engine },
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
