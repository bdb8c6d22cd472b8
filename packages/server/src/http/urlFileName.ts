/** Longest file name segment in a file URL, once percent-encoded (Fastify refuses path parameters over 100). */
const MAX_ENCODED = 80

/**
 * A short, safe name for the last segment of a file's URL: letters and digits of any script, `.`, `-`
 * and `_`, everything else as `-`, cut to fit while keeping the extension. The original name stays
 * what the file is shown and downloaded as; this only keeps URLs short and predictable.
 */
export function urlFileName(name: string): string {
  const clean = (text: string) =>
    text
      .normalize('NFC')
      .replace(/[^\p{L}\p{N}._-]+/gu, '-')
      .replace(/-{2,}/g, '-')
      .replace(/^[-.]+|[-.]+$/g, '')
  const dot = name.lastIndexOf('.')
  const extension = dot > 0 && /^[\p{L}\p{N}]{1,10}$/u.test(name.slice(dot + 1)) ? name.slice(dot + 1) : ''
  const suffix = extension ? `.${extension}` : ''
  let base = clean(extension ? name.slice(0, dot) : name)
  const fits = (text: string) => encodeURIComponent(text + suffix).length <= MAX_ENCODED
  while (base && !fits(base)) base = [...base].slice(0, -1).join('')
  base = base.replace(/[-.]+$/, '')
  return `${base || 'file'}${fits(`x${suffix}`) ? suffix : ''}`
}
