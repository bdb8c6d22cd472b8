export { createTestWorkbench } from './createTestWorkbench'
export type { TestWorkbench, TestWorkbenchOptions } from './createTestWorkbench'
export { testSelectedVisitor } from './testSelectedVisitor'
