import type { NextConfig } from 'next'

const config: NextConfig = {
  // Pictures are local SVG files: served as they are.
  images: { unoptimized: true },
  // The workspace packages are built ESM in dist/; compiling them with the app keeps one React and lets
  // 'use client' boundaries in @kefu/react work as in the app's own files.
  transpilePackages: ['@kefu/react', '@kefu/core', '@kefu/agent'],
  // The plugin page must not be cached: each load carries a fresh signed nonce.
  poweredByHeader: false,
}

export default config
