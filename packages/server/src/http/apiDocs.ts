import fastifySwagger from '@fastify/swagger'
import fastifySwaggerUi from '@fastify/swagger-ui'
import type { FastifyInstance } from 'fastify'
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod'

/** Routes the reference documents: the REST API, health, metrics and stored files (not pages or scripts). */
export const isDocumentedRoute = (url: string) => url.startsWith('/api/v1/') || url === '/healthz' || url === '/metrics' || url.startsWith('/files/')

/** Security requirement of routes that take an agent's session token (from `POST /api/v1/auth/login`). */
export const AGENT_SESSION = [{ agentSession: [] }]

/** The document's description of a route: its group, a line, and whether it needs an agent's session. */
export const routeDoc = (tag: string, summary: string, signedIn: 'agent' | 'admin' | false = 'agent') => ({
  tags: [tag],
  summary: signedIn === 'admin' ? `${summary} (admins)` : summary,
  ...(signedIn ? { security: AGENT_SESSION } : {}),
})

/**
 * The OpenAPI document of the REST API, generated from the zod schemas on the routes
 * (`schema: { body, querystring, params }`), at `/api/docs/json`, with Swagger UI at `/api/docs`
 * served from the package (no CDN). Routes keep validating in their handlers with the very same
 * schemas, so errors keep kefu's `{ error: { code, message, issues } }` shape: Fastify's own
 * validation is switched off for them here.
 */
export async function apiDocs(app: FastifyInstance): Promise<void> {
  // Valid as far as Fastify is concerned, and left as it came: the handler parses it with the same schema.
  app.setValidatorCompiler(() => () => true)
  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'kefu REST API',
        // The API's version, the one in its paths.
        version: '1',
        description:
          'Agents and admins sign in with `POST /api/v1/auth/login` and send the session token as `Authorization: Bearer <token>`. ' +
          'Errors are `{ "error": { "code", "message", "issues"? } }` with a 4xx status (see docs/rest-api.md). ' +
          'Chats themselves go over the WebSocket endpoints `/ws/visitor` and `/ws/agent`.',
      },
      components: {
        securitySchemes: {
          agentSession: { type: 'http', scheme: 'bearer', description: 'An agent session token from POST /api/v1/auth/login' },
          adminToken: { type: 'http', scheme: 'bearer', description: 'The server admin token (--admin-token / KEFU_ADMIN_TOKEN)' },
          visitorToken: { type: 'http', scheme: 'bearer', description: 'A visitor token (from the visitor WebSocket welcome)' },
          metricsToken: { type: 'http', scheme: 'bearer', description: 'The metrics token (--metrics-token), unless metrics are public or on their own port' },
        },
      },
    },
    transform: (input) => {
      if (!isDocumentedRoute(input.url)) return { schema: { ...input.schema, hide: true }, url: input.url }
      return jsonSchemaTransform(input)
    },
    transformObject: jsonSchemaTransformObject,
  })
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs', staticCSP: true, uiConfig: { docExpansion: 'list', deepLinking: true } })
}
