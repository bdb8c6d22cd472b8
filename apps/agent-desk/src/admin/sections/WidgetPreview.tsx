import type { CSSProperties } from 'react'
import type { CompanySettings } from '../adminApi'
import { useAdminText } from '../i18n'
import { readableSurface } from './readableOn'

/** kefu's chat window colour when the company sets none. */
export const DEFAULT_WIDGET_COLOR = '#1677ff'

/**
 * The chat window as a visitor meets it, drawn from the settings being edited: the header with the logo
 * and name in the brand colour, the welcome the reception mode gives, and the offline text when nobody
 * is online. A picture of the window, not the window: nothing here talks to the server.
 */
export function WidgetPreview({ name, settings, offline }: { name: string; settings: CompanySettings; offline: boolean }) {
  const { t } = useAdminText()
  const color = settings.brandColor ?? DEFAULT_WIDGET_COLOR
  // Text on the brand colour must stay readable: a colour no text colour reads on is darkened.
  const surface = readableSurface(color)
  const style = { '--preview-color': surface.background, '--preview-on-color': surface.text } as CSSProperties
  const botFirst = settings.receptionMode === 1 || settings.receptionMode === 3
  const greeting = botFirst ? settings.robotHelloWord : settings.agentHelloWord
  const sender = botFirst ? settings.robotName : name
  return (
    <div className="widget-preview" style={style} data-testid="widget-preview" data-color={color}>
      <header className="preview-head">
        {settings.logoUrl ? <img src={settings.logoUrl} alt="" className="preview-logo" /> : <span className="preview-logo placeholder" aria-hidden="true" />}
        <strong>{name}</strong>
        <span className="preview-close" aria-hidden="true">
          ×
        </span>
      </header>
      <div className="preview-log">
        {offline ? (
          <p className="preview-notice" data-testid="preview-offline-text">
            {settings.agentOfflineTitle}
          </p>
        ) : (
          <>
            {greeting ? (
              <div className="preview-msg agent">
                <span className="preview-sender">{sender}</span>
                <p className="preview-bubble" data-testid="preview-greeting">
                  {greeting}
                </p>
              </div>
            ) : null}
            <div className="preview-msg visitor">
              <p className="preview-bubble">{t.widget.previewVisitor}</p>
            </div>
          </>
        )}
      </div>
      <footer className="preview-input">
        <span className="preview-field">{t.widget.previewInput}</span>
        <span className="preview-send">{t.widget.previewSend}</span>
      </footer>
    </div>
  )
}
