import type { AdminAgent, Group, TransferRule } from '../adminApi'
import { fieldError, type FormErrors } from '../form/formErrors'
import { useAdminText } from '../i18n'

const AGENT_SPILLS = [1, 2, 3] as const
const GROUP_SPILLS = [4, 5, 6, 7] as const

/** Sobot's `transfer_action` as an ordered list: each rule a target, and whether and when it overflows to the next. */
export function TransferRulesEditor({
  value,
  onChange,
  agents,
  groups,
  errors,
}: {
  value: TransferRule[]
  onChange(next: TransferRule[]): void
  agents: readonly AdminAgent[]
  groups: readonly Group[]
  errors: FormErrors
}) {
  const { t } = useAdminText()
  const c = t.company
  const set = (index: number, rule: TransferRule) => onChange(value.map((r, i) => (i === index ? rule : r)))
  const move = (index: number, by: -1 | 1) => {
    const next = [...value]
    const [rule] = next.splice(index, 1)
    next.splice(index + by, 0, rule!)
    onChange(next)
  }
  return (
    <fieldset className="admin-card" data-testid="transfer-rules">
      <legend>{c.transfer}</legend>
      <p className="hint">{c.transferHint}</p>
      {value.length === 0 ? <p className="muted">{c.transferEmpty}</p> : null}
      <ol className="rules">
        {value.map((rule, index) => {
          const toAgent = rule.actionType === 'to_service'
          const overflow = toAgent ? rule.optionId === 1 : rule.optionId === 3
          const error = fieldError(errors, `transferActions.${index}`)
          return (
            <li key={index} className={error ? 'invalid' : undefined} data-testid={`rule-${index}`}>
              <select
                aria-label={c.ruleTarget}
                value={rule.actionType}
                onChange={(e) => {
                  const agent = e.target.value === 'to_service'
                  set(index, { actionType: agent ? 'to_service' : 'to_group', deciId: '', optionId: agent ? 1 : 3, spillId: agent ? 3 : 7 })
                }}
              >
                <option value="to_service">{c.ruleToAgent}</option>
                <option value="to_group">{c.ruleToGroup}</option>
              </select>
              <select aria-label={toAgent ? c.ruleToAgent : c.ruleToGroup} value={rule.deciId} onChange={(e) => set(index, { ...rule, deciId: e.target.value })} data-testid={`rule-${index}-target`}>
                <option value="">{c.pickTarget}</option>
                {toAgent
                  ? agents.map((a) => (
                      <option key={a.agentId} value={a.agentId}>
                        {a.name}
                      </option>
                    ))
                  : groups.map((g) => (
                      <option key={g.groupId} value={g.groupId}>
                        {g.name}
                      </option>
                    ))}
              </select>
              <label className="inline">
                <input
                  type="checkbox"
                  checked={overflow}
                  onChange={(e) => set(index, { ...rule, optionId: toAgent ? (e.target.checked ? 1 : 2) : e.target.checked ? 3 : 4 })}
                />
                {c.ruleOverflow}
              </label>
              {overflow ? (
                <select
                  aria-label={c.ruleWhen}
                  value={rule.spillId ?? (toAgent ? 3 : 7)}
                  onChange={(e) => set(index, { ...rule, spillId: Number(e.target.value) as TransferRule['spillId'] })}
                >
                  {(toAgent ? AGENT_SPILLS : GROUP_SPILLS).map((spill) => (
                    <option key={spill} value={spill}>
                      {toAgent ? c.spillAgent[spill] : c.spillGroup[spill]}
                    </option>
                  ))}
                </select>
              ) : null}
              <span className="rule-tools">
                <button type="button" className="link" disabled={index === 0} onClick={() => move(index, -1)} aria-label={c.moveUp}>
                  ↑
                </button>
                <button type="button" className="link" disabled={index === value.length - 1} onClick={() => move(index, 1)} aria-label={c.moveDown}>
                  ↓
                </button>
                <button type="button" className="link danger" onClick={() => onChange(value.filter((_, i) => i !== index))} aria-label={c.removeRule}>
                  ×
                </button>
              </span>
              {error ? (
                <p className="field-error" role="alert">
                  {error}
                </p>
              ) : null}
            </li>
          )
        })}
      </ol>
      <button type="button" onClick={() => onChange([...value, { actionType: 'to_group', deciId: '', optionId: 3, spillId: 7 }])} disabled={value.length >= 10} data-testid="rule-add">
        + {c.addRule}
      </button>
    </fieldset>
  )
}
