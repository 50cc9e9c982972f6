import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// In `npm run dev` the Vite server proxies the API and the websocket to the Fastify server.
const api = process.env.CAUCUS_API_ORIGIN ?? 'http://127.0.0.1:3000';

export default defineConfig({
  plugins: [react()],
  server: {
    proxy: { '/api': { target: api, ws: true, changeOrigin: false } },
  },
  build: { sourcemap: true, chunkSizeWarningLimit: 1500 },
});
