import { productCardFromVisEvt } from '@kefu/core/cards'
import type { RuntimeControls } from './runtimeControls'
import { fetchUploadCredential } from './uploadCredential'

type Method = (...args: any[]) => unknown // eslint-disable-line @typescript-eslint/no-explicit-any

const obj = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined)
const report = (method: string) => (error: unknown) => console.error(`[kefu] ECHAT.${method} failed`, error)

/**
 * The `ECHAT.*` methods of the Echat seed that need the chat itself (the small host answers the getters,
 * `getChatPageUrl` and `setPageTitle`, and opens popups and tabs in the visitor's click: `opened`).
 */
export function echatApi(host: RuntimeControls): Record<string, Method> {
  return {
    customNewWinChat: (custom?: unknown, opened?: Window | null) => host.pointWindow(opened, obj(custom)),
    customOpenChat: (custom?: unknown, opened?: Window | null) => host.pointWindow(opened, obj(custom)),
    customMiniChat: (custom?: unknown) => host.openMini(obj(custom)),
    refreshVisitorMetaData(metaData?: unknown, myData?: unknown) {
      const identity = {
        ...(typeof metaData === 'string' && metaData ? { metaData } : {}),
        ...(typeof myData === 'string' && myData ? { myData } : {}),
      }
      host.client.identify(identity).catch(report('refreshVisitorMetaData'))
    },
    pushVisitorEvent(visEvt?: unknown) {
      let card
      try {
        card = productCardFromVisEvt(visEvt as object)
      } catch (error) {
        report('pushVisitorEvent')(error)
        return
      }
      host.client.sendCard(card).catch(report('pushVisitorEvent'))
    },
    hideMiniChat: () => host.client.minimize(),
    maxMiniChat: () => host.openMini(),
    closeMiniChat: () => host.client.close(),
    setMobilePageTop: (top?: unknown) => {
      const value = Number(top)
      if (Number.isFinite(value) && value >= 0) host.setMobilePageTop(value)
      else console.error(`[kefu] ECHAT.setMobilePageTop: ${String(top)} is not a number of px`)
    },
    getFileUploadInfo: () =>
      fetchUploadCredential({ base: host.page.base, companyId: host.page.companyId, storage: host.page.storage, fetch: host.fetch }),
  }
}
