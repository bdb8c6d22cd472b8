/**
 * The request header in which the plugin page sends the context proof the workbench gave it for the
 * selected visitor (`SelectedVisitor.proof`, as JSON). Its own file so client code can name it without
 * reaching the server-only verification.
 */
export const CONTEXT_PROOF_HEADER = 'x-kefu-context-proof'
