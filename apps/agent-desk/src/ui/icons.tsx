/** Inline SVG icons (no icon font, no image files). */
const base = { width: 14, height: 14, viewBox: '0 0 24 24', fill: 'none', stroke: 'currentColor', strokeWidth: 2, 'aria-hidden': true } as const

export const PaperclipIcon = () => (
  <svg {...base}>
    <path d="M21 11.5l-8.5 8.5a5 5 0 01-7-7L14 4.5a3.5 3.5 0 015 5L10.5 18a2 2 0 01-3-3L15 7.5" />
  </svg>
)

export const FileIcon = () => (
  <svg {...base}>
    <path d="M14 3H6a1 1 0 00-1 1v16a1 1 0 001 1h12a1 1 0 001-1V8z" />
    <path d="M14 3v5h5" />
  </svg>
)

export const BoltIcon = () => (
  <svg {...base}>
    <path d="M13 2L4 14h7l-1 8 9-12h-7z" />
  </svg>
)

export const NewsIcon = () => (
  <svg {...base}>
    <rect x="3" y="4" width="18" height="16" rx="1" />
    <path d="M7 8h10M7 12h10M7 16h6" />
  </svg>
)
