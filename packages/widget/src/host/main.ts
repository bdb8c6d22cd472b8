import { startHost } from './host'

// The `host.js` bundle: the loader injects it once its stubs are in place.
startHost()
