import { vi } from 'vitest'

/** Stands in for `next/navigation` in component tests: the router's calls are recorded. */
export const router = { push: vi.fn(), refresh: vi.fn(), replace: vi.fn(), back: vi.fn(), forward: vi.fn(), prefetch: vi.fn() }
export const useRouter = () => router

/** The path `usePathname()` reports; a test sets it. */
export const location = { pathname: '/' }
export const usePathname = () => location.pathname
