import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Frame, Page } from 'playwright-core'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

/** One rule broken, with where (selectors) and how badly. */
export interface AxeProblem {
  readonly id: string
  readonly impact: string
  readonly help: string
  readonly targets: readonly string[]
}

/**
 * axe-core's WCAG 2.1 A/AA and best-practice rules (landmarks, regions) over the page as it is now;
 * returns the critical and serious violations. The script goes in through the debugger protocol, so
 * the page's strict CSP (script-src 'self') need not be loosened for it.
 */
export async function axeProblems(target: Page | Frame, exclude: readonly string[] = []): Promise<AxeProblem[]> {
  const has = await target.evaluate(() => typeof (globalThis as { axe?: unknown }).axe === 'object')
  if (!has) await target.evaluate(axeSource)
  return target.evaluate(async (excluded) => {
    const axe = (globalThis as unknown as { axe: { run(context: unknown, options: unknown): Promise<{ violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[] }> } }).axe
    const result = await axe.run(excluded.length ? { include: [document], exclude: excluded.map((s) => [s]) } : document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
      resultTypes: ['violations'],
    })
    return result.violations
      .filter((v) => v.impact === 'critical' || v.impact === 'serious')
      .map((v) => ({ id: v.id, impact: v.impact!, help: v.help, targets: v.nodes.slice(0, 5).map((n) => n.target.join(' ')) }))
  }, [...exclude])
}
