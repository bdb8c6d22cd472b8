import { startPageHost } from './pageHost'

// The small host's bundle (`assets/host-<hash>.js`): the loader injects it once its stubs are in place.
startPageHost()
