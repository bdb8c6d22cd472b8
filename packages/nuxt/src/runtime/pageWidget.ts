/**
 * `definePageMeta({ kefuWidget: false })`: a page whose chat is built from the composables alone (a
 * headless support page) opts out of the widget. Only the field this module reads.
 */
export interface KefuPageMeta {
  readonly kefuWidget?: boolean
}

/** The part of vue-router's router this needs (Nuxt's `useRouter()`; a fake one in tests). */
export interface PageRouter {
  readonly currentRoute: { readonly value: { readonly meta: KefuPageMeta } }
  afterEach(guard: (to: { readonly meta: KefuPageMeta }) => void): () => void
}

/** Whether a page with this meta gets the widget: every page but those that set `kefuWidget: false`. */
export const pageAllowsWidget = (meta: KefuPageMeta): boolean => meta.kefuWidget !== false

/**
 * Runs `install` now if the current page allows the widget, else on the first navigation to a page
 * that does. A loaded widget cannot be unloaded, so link to opted-out pages with a document load
 * (`<NuxtLink external>` / `<a href>`) when they may be reached from a page that has the widget.
 */
export function installOnWidgetPage(router: PageRouter, install: () => void): void {
  if (pageAllowsWidget(router.currentRoute.value.meta)) return install()
  const stop = router.afterEach((to) => {
    if (!pageAllowsWidget(to.meta)) return
    stop()
    install()
  })
}
