import react from '@vitejs/plugin-react'
import { defineConfig } from 'vite'

// The workbench talks to the kefu server on its own origin: served by `kefu serve` under /desk/, or
// in development through this proxy.
const server = process.env.KEFU_SERVER_URL ?? 'http://127.0.0.1:8080'

export default defineConfig({
  base: '/desk/',
  plugins: [react()],
  resolve: { conditions: ['@kefu/source'] },
  server: {
    port: 5174,
    proxy: {
      '/api': server,
      '/files': server,
      '/ws': { target: server, ws: true },
      // The chat window page and its scripts, for the Widget section's preview (same origin as the console).
      '/chat': server,
      '/assets': server,
    },
  },
  build: { outDir: 'dist', sourcemap: true },
})
