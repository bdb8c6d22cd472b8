// `pnpm demo`: starts everything a newcomer needs and prints where it is. Ctrl+C stops all of it.
import { DEMO_AGENTS, DEMO_PASSWORD, startDemo } from './startDemo.mjs'

const port = (name, fallback) => Number(process.env[name] ?? fallback)
const quiet = !process.argv.includes('--verbose')

try {
  const demo = await startDemo({
    kefuPort: port('KEFU_PORT', 8080),
    nextPort: port('NEXT_STORE_PORT', 3000),
    nuxtPort: port('NUXT_STORE_PORT', 3001),
    ...(process.env.KEFU_DEMO_DATA_DIR ? { dataDir: process.env.KEFU_DEMO_DATA_DIR } : {}),
    quiet,
    // One part died (a port taken, a crash): the demo is not running any more, so say so and stop.
    onExit: () => setTimeout(() => process.exit(1), 5500),
  })
  process.stdout.write(
    [
      '',
      'kefu demo is running (Ctrl+C stops it)',
      '',
      `  Next.js store (React hooks)   ${demo.next}`,
      `  Nuxt store (Vue composables)  ${demo.nuxt}`,
      `  agent workbench               ${demo.desk}`,
      `  kefu server                   ${demo.kefu}   (data in ${process.env.KEFU_DEMO_DATA_DIR ?? '.kefu-demo/'})`,
      '',
      '  agents (workbench sign-in):',
      ...DEMO_AGENTS.map((a) => `    ${a.role.padEnd(5)}  ${a.email}  /  ${DEMO_PASSWORD}`),
      `  shoppers (store sign-in):       lily / ${DEMO_PASSWORD},  tom / ${DEMO_PASSWORD}`,
      `  company sign key (server side only): ${demo.signKey}`,
      '',
      quiet ? '  (pass --verbose to see every process\'s log)' : '',
      '',
    ].join('\n'),
  )
  let stopping = false
  const shutdown = async () => {
    if (stopping) return
    stopping = true
    process.stdout.write('\nstopping…\n')
    await demo.stop()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
} catch (error) {
  process.stderr.write(`kefu demo: ${error instanceof Error ? error.message : String(error)}\n`)
  process.exit(1)
}
