import fastifyStatic from '@fastify/static'
import type { FastifyInstance } from 'fastify'
import { stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Where business pages load the plugin SDK from: Echat's path, and a short one. */
export const AGENT_SDK_PATHS = ['/open/staff/jssdk-1.0.0.js', '/agent/jssdk.js'] as const

/** Not content-hashed (its URL is documented): cached 5 minutes, so an upgrade reaches business pages soon. */
const SDK_MAX_AGE_MS = 5 * 60 * 1000

/**
 * The plugin SDK for business pages (`window.echatSDK`), from `@kefu/agent`'s browser build, through
 * @fastify/static: ETag and Last-Modified, so a check after the 5 minutes costs no body.
 */
export function agentSdkRoutes(app: FastifyInstance, agentSdkDir: string | undefined): void {
  const file = agentSdkDir ? join(agentSdkDir, 'jssdk.js') : undefined
  app.register(async (scope) => {
    // Only `reply.sendFile`, in this scope.
    await scope.register(fastifyStatic, { serve: false, etag: true, lastModified: true })
    for (const path of AGENT_SDK_PATHS) {
      scope.get(path, async (_request, reply) => {
        if (!agentSdkDir || !file || !(await stat(file).then((s) => s.isFile(), () => false))) {
          const message = file
            ? `the plugin SDK is not built (${file} is missing): run \`pnpm --filter @kefu/agent build\`, or start the server with --agent-sdk-dir <folder with jssdk.js>`
            : '@kefu/agent is not installed: start the server with --agent-sdk-dir <folder with jssdk.js> (option agentSdkDir)'
          return reply.status(404).send({ error: { code: 'not_found', message } })
        }
        return (
          reply
            // A public script that business pages on any origin include.
            .header('access-control-allow-origin', '*')
            .header('cross-origin-resource-policy', 'cross-origin')
            .header('x-content-type-options', 'nosniff')
            .sendFile('jssdk.js', agentSdkDir, { cacheControl: true, maxAge: SDK_MAX_AGE_MS, immutable: false })
        )
      })
    }
  })
}
