import { CHAT_CONTRACT, fakeContractTarget } from '@kefu/core/testing'
import { describe, it } from 'vitest'

// The same cases run against the real server in @kefu/server's test/chatContract.test.ts.
describe('the chat contract, on the fake server', () => {
  const target = fakeContractTarget()
  it.each(CHAT_CONTRACT.map((c) => [c.name, c] as const))('%s', async (_name, contractCase) => {
    await contractCase.run(target)
  })
})
