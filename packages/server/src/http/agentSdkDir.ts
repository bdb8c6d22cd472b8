import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

/** `@kefu/agent`'s browser build folder (`dist/browser`) when the package is installed, else undefined. */
export function defaultAgentSdkDir(): string | undefined {
  try {
    // The CommonJS build has no import.meta.url; it has __filename instead.
    const here = import.meta.url ?? __filename
    return join(dirname(createRequire(here).resolve('@kefu/agent/package.json')), 'dist', 'browser')
  } catch {
    return undefined
  }
}
