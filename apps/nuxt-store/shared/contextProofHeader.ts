/**
 * The request header in which the plugin page sends the context proof the workbench gave it for the
 * selected visitor (`SelectedVisitor.proof`, as JSON); the order lookup API requires it.
 */
export const CONTEXT_PROOF_HEADER = 'x-kefu-context-proof'
