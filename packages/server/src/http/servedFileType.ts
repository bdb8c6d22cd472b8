/**
 * Types served as themselves: pictures, sound and video (shown inline), and a few passive document
 * types. Everything else — HTML, SVG, XML, every JavaScript and ECMAScript alias, CSS, Flash, wasm, and
 * whatever a browser may learn to run next — goes out as `application/octet-stream`, a download.
 */
const INLINE = /^(?:image\/(?:png|jpeg|gif|webp|avif|bmp|x-icon|vnd\.microsoft\.icon|heic|heif|tiff)|audio\/[a-z0-9.+-]+|video\/[a-z0-9.+-]+)$/
const PASSIVE = /^(?:application\/pdf|text\/plain|text\/csv|application\/json|application\/zip|application\/x-zip-compressed|application\/gzip|application\/x-7z-compressed|application\/x-rar-compressed|application\/vnd\.rar|application\/msword|application\/vnd\.ms-excel|application\/vnd\.ms-powerpoint|application\/vnd\.openxmlformats-officedocument\.[a-z.]+|application\/octet-stream)$/

/** How an uploaded file of `mimeType` (lower case, no parameters) is served. */
export function servedFileType(mimeType: string): { readonly contentType: string; readonly inline: boolean } {
  if (INLINE.test(mimeType)) return { contentType: mimeType, inline: true }
  return { contentType: PASSIVE.test(mimeType) ? mimeType : 'application/octet-stream', inline: false }
}
