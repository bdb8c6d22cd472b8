import { KefuError, type KeyValueStorage } from '@kefu/core'

/**
 * `ECHAT.getFileUploadInfo()`: the server's upload credential for this visitor, from
 * `POST <base>/api/v1/visitor/upload-credentials` with the visitor token kept by the chat client.
 */
export async function fetchUploadCredential(options: {
  readonly base: string
  readonly companyId: string
  readonly storage: KeyValueStorage
  readonly fetch: typeof fetch
}): Promise<unknown> {
  const token = options.storage.getItem(`kefu:${options.companyId}:visitorToken`)
  if (!token) throw new KefuError('unauthorized', 'getFileUploadInfo: the visitor is not connected yet')
  const response = await options.fetch(`${options.base}/api/v1/visitor/upload-credentials`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: '{}',
  })
  if (!response.ok) throw new KefuError('server_error', `getFileUploadInfo: the server answered ${response.status}`)
  return response.json()
}
