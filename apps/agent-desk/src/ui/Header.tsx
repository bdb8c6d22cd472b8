import type { AgentPresence } from '@kefu/core'
import type { DeskSnapshot } from '../desk'
import { TEXT } from './text'
import { useDesk, useDeskStore } from './useDesk'

const PRESENCES: readonly AgentPresence[] = ['online', 'busy', 'offline']
const selectHeader = (s: DeskSnapshot) => ({ agent: s.agent, presence: s.presence, connection: s.connection, error: s.lastError })
const sameHeader = (a: ReturnType<typeof selectHeader>, b: ReturnType<typeof selectHeader>) =>
  a.agent === b.agent && a.presence === b.presence && a.connection === b.connection && a.error === b.error

export function Header({ sound, onToggleSound }: { sound: boolean; onToggleSound(): void }) {
  const desk = useDeskStore()
  const { agent, presence, connection, error } = useDesk(selectHeader, sameHeader)
  return (
    <header className="header">
      <strong className="brand">{TEXT.appName}</strong>
      <span className={`connection connection-${connection}`} data-testid="connection" role="status">
        {TEXT.connection[connection]}
      </span>
      {error ? (
        <span className="header-error" role="alert" data-testid="last-error">
          {error.message}
          <button type="button" className="link" aria-label="关闭错误" onClick={() => desk.clearError()}>
            ×
          </button>
        </span>
      ) : null}
      <span className="spacer" />
      <label className="presence">
        {TEXT.presence.label}
        <select
          value={presence}
          data-testid="presence"
          onChange={(e) => void desk.setPresence(e.target.value as AgentPresence).catch(() => {})}
        >
          {PRESENCES.map((p) => (
            <option key={p} value={p}>
              {TEXT.presence[p]}
            </option>
          ))}
        </select>
      </label>
      <button type="button" aria-pressed={sound} onClick={onToggleSound} data-testid="sound-toggle">
        {sound ? TEXT.sound.on : TEXT.sound.off}
      </button>
      <span className="agent-name">{agent?.name}</span>
      <button type="button" onClick={() => void desk.logout()} data-testid="logout">
        {TEXT.logout}
      </button>
    </header>
  )
}
