export { validateVisitorIdentity } from './validateVisitorIdentity'
export type { FieldValue, NormalizedVisitorIdentity, VisitorIdentity } from '../visitorIdentity'
