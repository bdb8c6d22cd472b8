import { CHAT_CONTRACT } from '@kefu/core/testing'
import { afterAll, beforeAll, describe, it } from 'vitest'
import { DATABASES, startHarness, type Harness } from './harness'
import { serverContractTarget } from './serverContractTarget'

// The same cases run against the fake server in @kefu/core's test/chatContract.test.ts.
describe.each(DATABASES)('the chat contract, on the real server (%s)', (database) => {
  let h: Harness
  beforeAll(async () => {
    h = await startHarness(database)
  })
  afterAll(() => h?.close())

  it.each(CHAT_CONTRACT.map((c) => [c.name, c] as const))('%s', async (_name, contractCase) => {
    await contractCase.run(serverContractTarget(h))
  })
})
