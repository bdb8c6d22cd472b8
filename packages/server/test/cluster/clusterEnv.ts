import { randomBytes } from 'node:crypto'

/** Cluster tests need a PostgreSQL and a Redis (CI gives both); without them they are skipped. */
export const CLUSTER = Boolean(process.env.KEFU_TEST_DATABASE_URL && process.env.KEFU_TEST_REDIS_URL)

export const REDIS_URL = process.env.KEFU_TEST_REDIS_URL ?? ''

/** Keys and channels of one test run, apart from every other run sharing the machine's Redis. */
export function redisPrefix(): string {
  return `kefu-test-${randomBytes(4).toString('hex')}:`
}
