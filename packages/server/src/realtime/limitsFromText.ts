import { DEFAULT_LIMITS, type ChannelLimits } from './frameChannel'

/** `frameBurst` → `frame-burst`: how a limit is named on the command line and in `KEFU_LIMITS`. */
export const limitOptionName = (key: string) => key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)

const KEYS = new Map(Object.keys(DEFAULT_LIMITS).map((key) => [limitOptionName(key), key as keyof ChannelLimits]))

/**
 * The limits an operator set as `name=value` items (`--limit address-frame-burst=400`, or a comma-separated
 * `KEFU_LIMITS`), e.g. for a school or office whose visitors all come from one address. Throws an Error that
 * names the bad item: an unknown name, or a value that is not a positive whole number.
 */
export function limitsFromText(items: readonly string[]): Partial<ChannelLimits> {
  const limits: Partial<Record<keyof ChannelLimits, number>> = {}
  for (const item of items.flatMap((text) => text.split(',')).map((text) => text.trim()).filter(Boolean)) {
    const [name = '', value = '', ...rest] = item.split('=')
    const key = KEYS.get(name.trim())
    if (!key) throw new Error(`unknown limit "${name.trim()}" in "${item}"; the limits are: ${[...KEYS.keys()].join(', ')}`)
    const number = Number(value.trim())
    if (rest.length || !/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) {
      throw new Error(`the limit ${name.trim()} needs a positive whole number, as in ${name.trim()}=${DEFAULT_LIMITS[key]}, not "${item}"`)
    }
    limits[key] = number
  }
  return limits
}
