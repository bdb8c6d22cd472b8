import { describe, expect, it } from 'vitest'
import { urlFileName } from '../src/http/urlFileName'
import { servedFileType } from '../src/http/servedFileType'

describe('urlFileName', () => {
  it('keeps short names, their script and their extension', () => {
    expect(urlFileName('a.png')).toBe('a.png')
    expect(urlFileName('报价单 v2.pdf')).toBe('报价单-v2.pdf')
    expect(urlFileName("it's (v2)!.pdf")).toBe('it-s-v2.pdf')
  })

  it('cuts long names to fit a URL, keeping the extension', () => {
    for (const name of ['x'.repeat(300) + '.pdf', '很'.repeat(200) + '.docx', `${'a'.repeat(50)}${'很'.repeat(50)}.tar.gz`]) {
      const short = urlFileName(name)
      expect(encodeURIComponent(short).length, name).toBeLessThanOrEqual(80)
      expect(short, name).toMatch(/\.(pdf|docx|gz)$/)
    }
  })

  it('never yields an empty, dotted or path-like segment', () => {
    for (const name of ['', '...', '../../etc/passwd', '/', '.htaccess', '\u202e.exe', '%2e%2e']) {
      const short = urlFileName(name)
      expect(short, name).toMatch(/^[\p{L}\p{N}_][\p{L}\p{N}._-]*$/u)
      expect(short, name).not.toContain('..')
    }
    expect(urlFileName('../../etc/passwd')).toBe('etc-passwd')
  })
})

describe('servedFileType', () => {
  it('serves pictures, sound and video inline as themselves, passive documents as downloads of their type, anything else as an octet stream', () => {
    expect(servedFileType('image/png')).toEqual({ contentType: 'image/png', inline: true })
    expect(servedFileType('video/mp4')).toEqual({ contentType: 'video/mp4', inline: true })
    expect(servedFileType('application/pdf')).toEqual({ contentType: 'application/pdf', inline: false })
    for (const type of ['image/svg+xml', 'text/html', 'text/javascript', 'application/x-javascript', 'text/jscript', 'application/xhtml+xml', 'text/xml', 'application/x-unknown']) {
      expect(servedFileType(type), type).toEqual({ contentType: 'application/octet-stream', inline: false })
    }
  })
})
