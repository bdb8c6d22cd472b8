export declare const DEMO_AGENTS: readonly { readonly role: 'admin' | 'agent'; readonly email: string }[]
export declare const DEMO_PASSWORD: string
export declare const DEMO_COMPANY: string

export interface DemoOptions {
  readonly kefuPort?: number
  readonly nextPort?: number
  readonly nuxtPort?: number
  /** Where the server keeps its embedded database; default `.kefu-demo/`. */
  readonly dataDir?: string
  /** Where each process's output goes; default stdout. */
  readonly log?: (line: string) => void
  /** Keep the processes' own output to warnings and errors. */
  readonly quiet?: boolean
  /** A process died on its own; the demo stops the others. */
  readonly onExit?: (name: string, code: number | null, signal: string | null) => void
}

export interface Demo {
  readonly kefu: string
  readonly desk: string
  readonly next: string
  readonly nuxt: string
  readonly signKey: string
  stop(): Promise<void>
}

export declare function freePort(): Promise<number>
export declare function startDemo(options?: DemoOptions): Promise<Demo>
