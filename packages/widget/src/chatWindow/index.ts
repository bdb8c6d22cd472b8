export { ChatWindow } from './ChatWindow'
export type { ChatWindowProps } from './ChatWindow'
