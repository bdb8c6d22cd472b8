import { configure } from '@testing-library/react'

// findBy… and waitFor give up after 1 s by default: too soon on a loaded 2-core CI machine.
configure({ asyncUtilTimeout: 5000 })
