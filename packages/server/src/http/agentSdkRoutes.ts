import type { FastifyInstance } from 'fastify'
import { createReadStream, existsSync } from 'node:fs'
import { join } from 'node:path'

/** Where business pages load the plugin SDK from: Echat's path, and a short one. */
export const AGENT_SDK_PATHS = ['/open/staff/jssdk-1.0.0.js', '/agent/jssdk.js'] as const

/** The plugin SDK for business pages (`window.echatSDK`), from `@kefu/agent`'s browser build. */
export function agentSdkRoutes(app: FastifyInstance, agentSdkDir: string | undefined): void {
  const file = agentSdkDir ? join(agentSdkDir, 'jssdk.js') : undefined
  for (const path of AGENT_SDK_PATHS) {
    app.get(path, async (_request, reply) => {
      if (!file || !existsSync(file)) {
        const message = file
          ? `the plugin SDK is not built (${file} is missing): run \`pnpm --filter @kefu/agent build\`, or start the server with --agent-sdk-dir <folder with jssdk.js>`
          : '@kefu/agent is not installed: start the server with --agent-sdk-dir <folder with jssdk.js> (option agentSdkDir)'
        return reply.status(404).send({ error: { code: 'not_found', message } })
      }
      return (
        reply
          .header('content-type', 'application/javascript; charset=utf-8')
          // A public script that business pages on any origin include.
          .header('access-control-allow-origin', '*')
          .header('cross-origin-resource-policy', 'cross-origin')
          // Not content-hashed: short caching, so an upgrade reaches business pages within minutes.
          .header('cache-control', 'public, max-age=300')
          .header('x-content-type-options', 'nosniff')
          .send(createReadStream(file))
      )
    })
  }
}
