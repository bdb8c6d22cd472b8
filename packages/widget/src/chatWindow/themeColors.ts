/** WCAG relative luminance of `#rrggbb`. */
const luminance = (hex: string): number =>
  [0.2126, 0.7152, 0.0722].reduce((sum, weight, i) => {
    const c = parseInt(hex.substr(1 + 2 * i, 2), 16) / 255
    return sum + weight * (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)
  }, 0)

/** The WCAG contrast ratio of two `#rrggbb` colours. */
export const contrast = (a: string, b: string): number => {
  const x = luminance(a) + 0.05
  const y = luminance(b) + 0.05
  return x > y ? x / y : y / x
}

/**
 * The chat window's CSS custom properties for a brand colour, with contrast computed, not assumed:
 * `--kf-c` the surface (header, the visitor's bubbles, buttons), `--kf-t` the text on it (white, or
 * near-black on a light colour), `--kf-a` the colour as text on white (links, prices). A colour white
 * cannot be read on, and too dark for black, is darkened until white reads at 4.5:1 (WCAG AA).
 */
export function themeColors(hex: string): Record<string, string> {
  let accent = hex
  while (contrast(accent, '#ffffff') < 4.5) accent = accent.replace(/\w\w/g, (c) => `0${Math.floor(parseInt(c, 16) * 0.92).toString(16)}`.slice(-2))
  const dark = accent !== hex && contrast(hex, '#1f1f1f') >= 7
  return { '--kf-c': dark ? hex : accent, '--kf-t': dark ? '#1f1f1f' : '#fff', '--kf-a': accent }
}
