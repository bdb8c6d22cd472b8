import type { Queryable } from '../db/Database'

export interface FileRecord {
  readonly fileId: string
  readonly companyId: string
  readonly ownerKind: 'visitor' | 'agent'
  readonly ownerId: string
  readonly name: string
  readonly mimeType: string
  readonly size: number
}

interface FileRow {
  id: string
  company_id: string
  owner_kind: 'visitor' | 'agent'
  owner_id: string
  name: string
  mime_type: string
  size: number
}

const toFile = (row: FileRow): FileRecord => ({
  fileId: row.id,
  companyId: row.company_id,
  ownerKind: row.owner_kind,
  ownerId: row.owner_id,
  name: row.name,
  mimeType: row.mime_type,
  size: Number(row.size),
})

export async function insertFile(db: Queryable, file: FileRecord): Promise<FileRecord> {
  const [row] = await db.query<FileRow>(
    `INSERT INTO files (id, company_id, owner_kind, owner_id, name, mime_type, size, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *`,
    [file.fileId, file.companyId, file.ownerKind, file.ownerId, file.name, file.mimeType, file.size, Date.now()],
  )
  return toFile(row!)
}

export async function findFile(db: Queryable, companyId: string, fileId: string): Promise<FileRecord | null> {
  const [row] = await db.query<FileRow>('SELECT * FROM files WHERE company_id = $1 AND id = $2', [companyId, fileId])
  return row ? toFile(row) : null
}
