import { KefuError, type UploadedFile } from '@kefu/core'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { createReadStream } from 'node:fs'
import { mkdir, open, rename, rm } from 'node:fs/promises'
import { join } from 'node:path'
import type { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { z } from 'zod'
import { newId } from '../domain/ids'
import { windowMsOf, type ServerContext } from '../realtime/ServerContext'
import { isAllowedType, normalizeMimeType, signUploadCredential, UPLOAD_CREDENTIAL_TTL_SECONDS, verifyUploadCredential, verifyVisitorToken, type UploadOwner } from '../security'
import { findCompany } from '../store/companyStore'
import { findFile, insertFile } from '../store/fileStore'
import { authenticateAgent, authenticateVisitor } from './authenticate'
import { servedFileType } from './servedFileType'
import { urlFileName } from './urlFileName'
import { routeDoc } from './apiDocs'

// Echat documents `ECHAT.getFileUploadInfo()` without arguments: a credential for whatever file comes
// next. A caller that names the file is told now, not at upload time, that it is too big or refused,
// and the credential is bound to what it declared (exactly that size, that type). Either way the
// upload is held to the company's limits, and a credential uploads one file.
const credentialRequest = z
  .object({
    name: z.string().min(1).max(256).optional(),
    size: z.number().int().min(0).optional(),
    mimeType: z.string().max(128).optional(),
  })
  .default({})

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

/**
 * Echat's `getFileUploadInfo`: a short-lived upload credential, then the upload itself, then the file
 * served back. Files live on local disk under `<dataDir>/files/<companyId>/<fileId>`.
 */
const fileParams = z.object({ companyId: z.string().max(64), fileId: z.string().max(64), name: z.string().max(512) })
/** For the document: the route reads these itself, with its own errors. */
const uploadHeaders = z.object({ 'x-kefu-upload-token': z.string(), 'x-kefu-file-name': z.string().optional(), 'content-type': z.string().optional() })

export function uploadRoutes(app: FastifyInstance, ctx: ServerContext, filesDir: string): void {
  // The configured public URL, else the Host the client asked for: never X-Forwarded-Host, which a
  // client can send through many proxies to have a credential point uploads at another site.
  const baseUrl = (request: FastifyRequest) => ctx.publicUrl ?? `${request.protocol}://${request.headers.host ?? request.hostname}`

  async function issue(request: FastifyRequest, companyId: string, owner: UploadOwner) {
    const body = credentialRequest.parse(request.body)
    const company = await findCompany(ctx.db, companyId)
    if (!company) throw new KefuError('not_found', 'no such company')
    const { maxBytes, allowedTypes } = company.settings.uploads
    if (body.size !== undefined && body.size > maxBytes) throw new KefuError('payload_too_large', `files are limited to ${maxBytes} bytes`)
    const mimeType = body.mimeType === undefined ? undefined : normalizeMimeType(body.mimeType)
    if (body.mimeType !== undefined && mimeType === undefined) throw new KefuError('invalid_argument', `"${body.mimeType}" is not a media type like image/png`)
    if (mimeType !== undefined && !isAllowedType(mimeType, allowedTypes)) {
      throw new KefuError('invalid_argument', `files of type ${mimeType} are not accepted`)
    }
    const token = signUploadCredential(
      { companyId, owner, maxBytes, allowedTypes, fileId: newId('f'), ...(body.size !== undefined ? { size: body.size } : {}), ...(mimeType ? { mimeType } : {}) },
      ctx.tokenSecret,
    )
    return { uploadUrl: `${baseUrl(request)}/api/v1/uploads`, token, expiresAt: Date.now() + UPLOAD_CREDENTIAL_TTL_SECONDS * 1000, maxBytes, allowedTypes }
  }

  // Per visitor (any number of connections and addresses), falling back to the address for a bad token.
  const perVisitor = {
    max: ctx.httpLimits.uploadBurst,
    timeWindow: windowMsOf(ctx.httpLimits.uploadBurst, ctx.httpLimits.uploadsPerSecond),
    keyGenerator: (request: FastifyRequest) => {
      try {
        const token = /^Bearer\s+(\S+)$/i.exec(request.headers.authorization ?? '')?.[1]
        return `visitor:${verifyVisitorToken(token, ctx.tokenSecret).visitorId}`
      } catch {
        return `address:${request.ip}`
      }
    },
    errorResponseBuilder: () => new KefuError('rate_limited', 'too many uploads; wait a little and try again'),
  }
  app.post('/api/v1/visitor/upload-credentials', { config: { rateLimit: perVisitor }, schema: { tags: ['uploads'], summary: 'A single-use credential for one file, for a visitor (Authorization: Bearer <visitor token>)', security: [{ visitorToken: [] }], body: credentialRequest } }, async (request) => {
    const visitor = authenticateVisitor(ctx, request)
    return issue(request, visitor.companyId, { kind: 'visitor', id: visitor.visitorId })
  })

  app.post('/api/v1/agent/upload-credentials', { schema: { ...routeDoc('uploads', 'A single-use credential for one file, for an agent'), body: credentialRequest } }, async (request) => {
    const agent = await authenticateAgent(ctx, request)
    return issue(request, agent.companyId, { kind: 'agent', id: agent.agentId })
  })

  // The body is the file, whatever its type: in this scope no parser (not the built-in JSON or text one,
  // which would buffer it, cap it at the body limit and re-encode it) touches it; it arrives as a stream.
  app.register(async (scope) => {
    scope.removeAllContentTypeParsers()
    scope.addContentTypeParser('*', (_request, payload, done) => done(null, payload))
    scope.post('/api/v1/uploads', { schema: { tags: ['uploads'], summary: 'Upload the file (the body), with X-Kefu-Upload-Token from a credential and X-Kefu-File-Name', headers: uploadHeaders } }, async (request, reply) => {
      const header = request.headers['x-kefu-upload-token']
      const credential = verifyUploadCredential(typeof header === 'string' ? header : '', ctx.tokenSecret)
      const mimeType = (request.headers['content-type'] ?? 'application/octet-stream').split(';')[0]!.trim().toLowerCase()
      if (!isAllowedType(mimeType, credential.allowedTypes)) throw new KefuError('invalid_argument', `files of type ${mimeType} are not accepted`)
      if (credential.mimeType !== undefined && mimeType !== credential.mimeType) {
        throw new KefuError('invalid_argument', `this upload credential is for a ${credential.mimeType} file, not ${mimeType}`)
      }
      const limit = credential.size ?? credential.maxBytes
      const tooBig = () => new KefuError('payload_too_large', credential.size !== undefined ? `this upload credential is for a file of ${limit} bytes` : `files are limited to ${limit} bytes`)
      const declared = Number(request.headers['content-length'] ?? 0)
      if (declared > limit) throw tooBig()
      const { fileId, companyId } = credential
      const used = () => new KefuError('conflict', 'this upload credential was already used; ask for a new one for each file')
      if (await findFile(ctx.db, companyId, fileId)) throw used()
      const name = fileNameOf(request.headers['x-kefu-file-name'])
      const folder = join(filesDir, companyId)
      await mkdir(folder, { recursive: true })
      const path = join(folder, fileId)
      // Written under a name of its own and moved into place only once its row is stored, so two uploads
      // racing on one credential never write the same file, and the loser leaves nothing behind.
      const partial = `${path}.${newId('part')}`
      let size = 0
      // Opened before the body flows, so a refused upload cannot race the file's creation: by the time
      // the pipeline fails, the file exists and is ours to remove.
      const handle = await open(partial, 'wx')
      try {
        await pipeline(
          request.body as Readable,
          async function* limitSize(source: AsyncIterable<Buffer>) {
            for await (const chunk of source) {
              size += chunk.length
              if (size > limit) throw tooBig()
              yield chunk
            }
          },
          handle.createWriteStream(),
        )
        if (credential.size !== undefined && size !== credential.size) {
          throw new KefuError('invalid_argument', `this upload credential is for a file of ${credential.size} bytes; ${size} arrived`)
        }
        try {
          await insertFile(ctx.db, { fileId, companyId, ownerKind: credential.owner.kind, ownerId: credential.owner.id, name, mimeType, size })
        } catch (error) {
          throw (error as { code?: string }).code === '23505' ? used() : error
        }
        await rename(partial, path)
      } catch (error) {
        await handle.close().catch(() => undefined)
        await rm(partial, { force: true })
        throw error
      }
      const file: UploadedFile = {
        url: `${baseUrl(request)}/files/${companyId}/${fileId}/${encodeName(urlFileName(name))}`,
        name,
        size,
        mimeType,
      }
      return reply.status(201).send(file)
    })
  })

  // Files are addressed by an unguessable id under their company; another company's path finds nothing.
  // Sent as stored, with its length: pictures and video are compressed already, and a download keeps its size.
  app.get('/files/:companyId/:fileId/:name', { compress: false, schema: { tags: ['uploads'], summary: 'A stored file; scripts and unknown types come as downloads', params: fileParams } }, async (request, reply) => {
    const params = fileParams.parse(request.params)
    const file = await findFile(ctx.db, params.companyId, params.fileId)
    if (!file) throw new KefuError('not_found', 'no such file')
    const { contentType, inline } = servedFileType(file.mimeType)
    return reply
      .header('content-type', contentType)
      .header('content-length', file.size)
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cache-control', 'private, max-age=31536000, immutable')
      .header('content-disposition', `${inline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeName(file.name)}`)
      .send(createReadStream(join(filesDir, file.companyId, file.fileId)))
  })
}
