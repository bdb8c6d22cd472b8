export { createTestAgent } from './createTestAgent'
export type { TestAgent, TestAgentOptions } from './createTestAgent'
export { createTestVisibility } from './createTestVisibility'
export type { TestVisibility } from './createTestVisibility'
