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

export const BellIcon = ({ muted = false }: { muted?: boolean }) => (
  <svg {...base} width={16} height={16}>
    <path d="M6 8a6 6 0 0112 0c0 7 3 9 3 9H3s3-2 3-9" />
    <path d="M10.3 21a1.9 1.9 0 003.4 0" />
    {muted ? <path d="M3 3l18 18" /> : null}
  </svg>
)

export const StarIcon = ({ filled = false }: { filled?: boolean }) => (
  <svg {...base} fill={filled ? 'currentColor' : 'none'}>
    <path d="M12 3l2.8 5.7 6.2.9-4.5 4.4 1 6.2L12 17.3 6.5 20.2l1-6.2L3 9.6l6.2-.9z" />
  </svg>
)

export const SearchIcon = () => (
  <svg {...base}>
    <circle cx="11" cy="11" r="7" />
    <path d="M21 21l-4.3-4.3" />
  </svg>
)
