import { lazy, Suspense, useMemo } from 'react'
import type { DeskSnapshot } from '../desk'
import { useDesk, useDeskStore } from '../ui/useDesk'
import { adminApi } from './adminApi'
import { AdminApiContext } from './adminApiContext'
import { useAdminLocale } from './adminLocale'
import { ADMIN_SECTIONS, adminHref, type AdminSection } from './adminRoute'
import { ADMIN_TEXT, AdminLocaleContext } from './i18n'
import { BotSection } from './sections/BotSection'
import { CompanySection } from './sections/CompanySection'
import { PluginsSection } from './sections/PluginsSection'
import { QuickRepliesSection } from './sections/QuickRepliesSection'
import { TeamSection } from './sections/TeamSection'
import { WidgetSection } from './sections/WidgetSection'
import './admin.css'

// Charts are heavy and only the reports page needs them: their own chunk, loaded when it opens.
const ReportsPage = lazy(() => import('./reports/ReportsPage'))

const selectRole = (s: DeskSnapshot) => s.agent?.role ?? null

/** The admin console inside the workbench: one section at a time, in the workbench's language. */
export default function AdminConsole({ section }: { section: AdminSection }) {
  const desk = useDeskStore()
  const role = useDesk(selectRole)
  const locale = useAdminLocale()
  const t = ADMIN_TEXT[locale]
  const api = useMemo(() => adminApi(desk), [desk])
  if (role !== 'admin') {
    return (
      <main className="admin" lang={locale}>
        <p className="form-error" role="alert" data-testid="admin-forbidden">
          {t.common.errors.forbidden}
        </p>
      </main>
    )
  }
  return (
    <AdminLocaleContext.Provider value={locale}>
      <AdminApiContext.Provider value={api}>
        <div className="admin" lang={locale} data-testid="admin-console">
          <nav className="admin-nav" aria-label={t.nav.title}>
            <ul>
              {ADMIN_SECTIONS.map((s) => (
                <li key={s}>
                  <a href={adminHref(s)} aria-current={s === section ? 'page' : undefined} data-testid={`admin-nav-${s}`}>
                    {t.nav.sections[s]}
                  </a>
                </li>
              ))}
            </ul>
          </nav>
          <main className="admin-main" aria-labelledby="admin-heading">
            <h1 id="admin-heading">{t.nav.sections[section]}</h1>
            {section === 'company' ? <CompanySection /> : null}
            {section === 'team' ? <TeamSection /> : null}
            {section === 'bot' ? <BotSection /> : null}
            {section === 'quick-replies' ? <QuickRepliesSection /> : null}
            {section === 'plugins' ? <PluginsSection /> : null}
            {section === 'widget' ? <WidgetSection /> : null}
            {section === 'reports' ? (
              <Suspense fallback={<p className="muted">{t.reports.loadingCharts}</p>}>
                <ReportsPage />
              </Suspense>
            ) : null}
          </main>
        </div>
      </AdminApiContext.Provider>
    </AdminLocaleContext.Provider>
  )
}
