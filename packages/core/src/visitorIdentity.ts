export type FieldValue = string | number | boolean

/**
 * Who the visitor is, with the Sobot seed's field names. Members are verified by `partnerid` + `sign`
 * or by `metaData` (identity encrypted with the company key); the rest is CRM data shown to agents.
 */
/** The visitor's CRM fields (Sobot names); agents may edit them. */
export interface CrmFields {
  readonly uname?: string
  readonly realname?: string
  readonly tel?: string
  readonly email?: string
  readonly qq?: string
  readonly face?: string
  readonly remark?: string
  /** Echat's `gender`: 0 unknown, 1 male, 2 female. */
  readonly gender?: 0 | 1 | 2
  /** Whole years, 0–150. */
  readonly age?: number
  /** WeChat id, at most 64 characters. */
  readonly wechat?: string
}

export interface VisitorIdentity extends CrmFields {
  /** Your user id, at most 300 characters. */
  readonly partnerid?: string
  /** `MD5(sysnum + key + partnerid [+ timestamp])` (Sobot) or HMAC-SHA256, computed on your server. */
  readonly sign?: string
  /** When your server signed (whole seconds since the epoch); part of the signed text, so the sign expires. */
  readonly timestamp?: number
  /** Echat member identity, encrypted with the company key on your server. */
  readonly metaData?: string
  /** Free-form business data handed to the agent's business pages. */
  readonly myData?: string
  /** Custom fields shown to agents; an object or its JSON string. */
  readonly params?: Readonly<Record<string, FieldValue>> | string
  /** Custom fields configured by the admin; an object or its JSON string. */
  readonly customer_fields?: Readonly<Record<string, FieldValue>> | string
  /** Honoured only inside `metaData` (signed), unless the company trusts unsigned VIP flags. */
  readonly is_vip?: 0 | 1
  readonly vip_level?: string
  readonly user_label?: string
}

/** The identity after validation: JSON strings parsed, empty values dropped. */
export interface NormalizedVisitorIdentity extends Omit<VisitorIdentity, 'params' | 'customer_fields'> {
  readonly params?: Readonly<Record<string, FieldValue>>
  readonly customer_fields?: Readonly<Record<string, FieldValue>>
}
