export { createTestAgent } from './createTestAgent'
export type { TestAgent, TestAgentOptions } from './createTestAgent'
