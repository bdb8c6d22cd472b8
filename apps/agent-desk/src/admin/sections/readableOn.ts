/** Relative luminance of `#rrggbb` (WCAG 2). */
function luminance(hex: string): number {
  const channel = (i: number) => {
    const c = parseInt(hex.slice(i, i + 2), 16) / 255
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4
  }
  return 0.2126 * channel(1) + 0.7152 * channel(3) + 0.0722 * channel(5)
}

/** WCAG contrast ratio of two `#rrggbb` colours, 1–21. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number]
  return (hi + 0.05) / (lo + 0.05)
}

/** The colour made darker by `amount` (0–1), towards black. */
function darken(hex: string, amount: number): string {
  const c = (i: number) => Math.round(parseInt(hex.slice(i, i + 2), 16) * (1 - amount)).toString(16).padStart(2, '0')
  return `#${c(1)}${c(3)}${c(5)}`
}

/**
 * A surface for text in `color`: the colour itself with white or near-black text when one of them reaches
 * WCAG AA (4.5:1), otherwise the colour darkened just enough for white text (#1677ff gives 4.1:1 either way).
 */
export function readableSurface(color: string): { background: string; text: '#ffffff' | '#1f2328' } {
  for (let amount = 0; amount < 1; amount += 0.04) {
    const background = amount ? darken(color, amount) : color
    const text = readableOn(background)
    if (contrast(background, text) >= 4.5) return { background, text }
  }
  return { background: '#000000', text: '#ffffff' }
}

/** White or near-black text, whichever reads better on `background` (computed, not assumed). */
export function readableOn(background: string): '#ffffff' | '#1f2328' {
  return contrast(background, '#ffffff') >= contrast(background, '#1f2328') ? '#ffffff' : '#1f2328'
}
