import { cleanup, configure } from '@testing-library/vue'
import { afterEach } from 'vitest'

// findBy… and waitFor give up after 1 s by default: too soon on a loaded 2-core CI machine.
configure({ asyncUtilTimeout: 5000 })

afterEach(() => cleanup())
