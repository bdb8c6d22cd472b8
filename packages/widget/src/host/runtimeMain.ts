import { startRuntime } from './runtime'

// The runtime's bundle (`assets/runtime-<hash>.js`): the small host loads it and takes it from `_kefu`.
;(window as unknown as { _kefu: { startRuntime?: typeof startRuntime } })._kefu.startRuntime = startRuntime
