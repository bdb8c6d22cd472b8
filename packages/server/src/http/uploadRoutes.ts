import { KefuError, type UploadedFile } from '@kefu/core'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createReadStream } from 'node:fs'
import { mkdir, open, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { newId } from '../domain/ids'
import type { ServerContext } from '../realtime/ServerContext'
import { isAllowedType, signUploadCredential, UPLOAD_CREDENTIAL_TTL_SECONDS, verifyUploadCredential, type UploadOwner } from '../security'
import { findCompany } from '../store/companyStore'
import { findFile, insertFile } from '../store/fileStore'
import { authenticateAgent, authenticateVisitor } from './authenticate'
import { keyedRateLimiter } from './keyedRateLimiter'

const credentialRequest = z.object({
  name: z.string().min(1).max(256),
  size: z.number().int().min(0),
  mimeType: z.string().max(128).default('application/octet-stream'),
})

/** The uploaded file's name, decoded, without path separators or control characters. */
function fileNameOf(header: unknown): string {
  let name: string
  try {
    name = decodeURIComponent(typeof header === 'string' ? header : 'file')
  } catch {
    throw new KefuError('invalid_argument', 'x-kefu-file-name must be URI-encoded')
  }
  // eslint-disable-next-line no-control-regex -- control characters are exactly what must go
  return name.replace(/[\\/\u0000-\u001f\u007f]/g, '_').slice(0, 256) || 'file'
}

/**
 * A file name as a URL path segment and as RFC 5987 `filename*`: `encodeURIComponent` leaves `'()*!`
 * alone, and a quote would end `filename*=UTF-8''…` early and is refused in message URLs.
 */
const encodeName = (name: string) => encodeURIComponent(name).replace(/['()*!]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)

/** Types a browser would run as a page or script are always served as downloads. */
const ACTIVE_CONTENT = /^(text\/html|application\/xhtml\+xml|image\/svg\+xml|text\/xml|application\/xml|text\/javascript|application\/javascript)/i

/**
 * Echat's `getFileUploadInfo`: a short-lived upload credential, then the upload itself, then the file
 * served back. Files live on local disk under `<dataDir>/files/<companyId>/<fileId>`.
 */
export function uploadRoutes(app: FastifyInstance, ctx: ServerContext, filesDir: string): void {
  const baseUrl = (request: FastifyRequest) => `${request.protocol}://${request.host}`

  async function issue(request: FastifyRequest, companyId: string, owner: UploadOwner) {
    const body = credentialRequest.parse(request.body)
    const company = await findCompany(ctx.db, companyId)
    if (!company) throw new KefuError('not_found', 'no such company')
    const { maxBytes, allowedTypes } = company.settings.uploads
    if (body.size > maxBytes) throw new KefuError('payload_too_large', `files are limited to ${maxBytes} bytes`)
    if (!isAllowedType(body.mimeType, allowedTypes)) throw new KefuError('invalid_argument', `files of type ${body.mimeType} are not accepted`)
    const token = signUploadCredential({ companyId, owner, maxBytes, allowedTypes }, ctx.tokenSecret)
    return { uploadUrl: `${baseUrl(request)}/api/v1/uploads`, token, expiresAt: Date.now() + UPLOAD_CREDENTIAL_TTL_SECONDS * 1000, maxBytes, allowedTypes }
  }

  const visitorUploadAllowed = keyedRateLimiter(ctx.httpLimits.uploadsPerSecond, ctx.httpLimits.uploadBurst)
  app.post('/api/v1/visitor/upload-credentials', async (request) => {
    const visitor = authenticateVisitor(ctx, request)
    if (!visitorUploadAllowed(visitor.visitorId)) throw new KefuError('rate_limited', 'too many uploads; wait a little and try again')
    return issue(request, visitor.companyId, { kind: 'visitor', id: visitor.visitorId })
  })

  app.post('/api/v1/agent/upload-credentials', async (request) => {
    const agent = await authenticateAgent(ctx, request)
    return issue(request, agent.companyId, { kind: 'agent', id: agent.agentId })
  })

  // The body is the file, whatever its type: in this scope no parser (not the built-in JSON or text one,
  // which would buffer it, cap it at the body limit and re-encode it) touches it; it arrives as a stream.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload))
    scope.post('/api/v1/uploads', async (request, reply) => {
      const header = request.headers['x-kefu-upload-token']
      const credential = verifyUploadCredential(typeof header === 'string' ? header : '', ctx.tokenSecret)
      const mimeType = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase()
      if (!isAllowedType(mimeType, credential.allowedTypes)) throw new KefuError('invalid_argument', `files of type ${mimeType} are not accepted`)
      const declared = Number(request.headers['content-length'] ?? 0)
      if (declared > credential.maxBytes) throw new KefuError('payload_too_large', `files are limited to ${credential.maxBytes} bytes`)
      const name = fileNameOf(request.headers['x-kefu-file-name'])
      const fileId = newId('f')
      const folder = join(filesDir, credential.companyId)
      await mkdir(folder, { recursive: true })
      const path = join(folder, fileId)
      let size = 0
      // Opened before the body flows, so a refused upload cannot race the file's creation: by the time
      // the pipeline fails, the file exists and is ours to remove.
      const handle = await open(path, 'w')
      try {
        await pipeline(
          request.body as Readable,
          async function* limit(source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              size += chunk.length
              if (size > credential.maxBytes) throw new KefuError('payload_too_large', `files are limited to ${credential.maxBytes} bytes`)
              yield chunk
            }
          },
          handle.createWriteStream(),
        )
      } catch (error) {
        await handle.close().catch(() => undefined)
        await rm(path, { force: true })
        throw error
      }
      await insertFile(ctx.db, { fileId, companyId: credential.companyId, ownerKind: credential.owner.kind, ownerId: credential.owner.id, name, mimeType, size })
      const file: UploadedFile = {
        url: `${baseUrl(request)}/files/${credential.companyId}/${fileId}/${encodeName(name)}`,
        name,
        size,
        mimeType,
      }
      return reply.status(201).send(file)
    })
  })

  // Files are addressed by an unguessable id under their company; another company's path finds nothing.
  app.get('/files/:companyId/:fileId/:name', async (request, reply) => {
    const params = z.object({ companyId: z.string().max(64), fileId: z.string().max(64), name: z.string().max(512) }).parse(request.params)
    const file = await findFile(ctx.db, params.companyId, params.fileId)
    if (!file) throw new KefuError('not_found', 'no such file')
    const inline = /^(image|audio|video)\//.test(file.mimeType) && !ACTIVE_CONTENT.test(file.mimeType)
    return reply
      .header('content-type', ACTIVE_CONTENT.test(file.mimeType) ? 'application/octet-stream' : file.mimeType)
      .header('content-length', file.size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeName(file.name)}`)
      .send(createReadStream(join(filesDir, file.companyId, file.fileId)))
  })
}
