export { createStore } from './createStore'
export type { ReadableStore, Store, StoreOptions } from './createStore'
export { createAsyncAction } from './asyncAction'
export type { AsyncAction, AsyncActionState } from './asyncAction'
