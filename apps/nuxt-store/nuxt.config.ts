// The demo store: a tea & teaware shop with kefu chat through the @kefu/nuxt module.
export default defineNuxtConfig({
  compatibilityDate: '2026-01-01',
  modules: ['@kefu/nuxt'],
  kefu: {
    // Overridden at runtime by KEFU_URL / KEFU_COMPANY_ID (server/plugins/kefuRuntimeEnv.ts).
    companyId: 'demo',
    serverUrl: 'http://127.0.0.1:8080',
    locale: 'zh-CN',
    // The widget opens from the store's own chat button, so its round button is hidden.
    widget: { customButton: true },
  },
  css: ['~/assets/main.css'],
  // cssnano 8 (Nuxt's default CSS minifier) needs Node 22 (Set.prototype.difference); the repo runs on
  // Node 20, and Vite minifies the CSS anyway.
  postcss: { plugins: { cssnano: false } },
  app: {
    head: {
      htmlAttrs: { lang: 'zh-CN' },
      title: '茗器 · 茶叶与茶具 Tea & Teaware',
      meta: [
        { name: 'viewport', content: 'width=device-width, initial-scale=1' },
        { name: 'description', content: 'A kefu demo store: tea and teaware' },
      ],
      link: [{ rel: 'icon', type: 'image/svg+xml', href: '/favicon.svg' }],
    },
  },
  devtools: { enabled: false },
  nitro: { preset: 'node-server' },
})
