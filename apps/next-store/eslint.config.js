import reactHooks from 'eslint-plugin-react-hooks'
import root from '../../eslint.config.js'

// The repository's rules, plus the hooks rules for this app's components (the root applies them to packages/react).
export default [
  ...root,
  { ignores: ['.next/**', 'next-env.d.ts'] },
  {
    files: ['**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
]
