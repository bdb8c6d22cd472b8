import { productCardFromVisEvt } from '@kefu/core/cards'
import { echatGetters } from '../compat'
import type { HostControls } from './hostControls'
import { fetchUploadCredential } from './uploadCredential'

type Method = (...args: any[]) => unknown // eslint-disable-line @typescript-eslint/no-explicit-any

const obj = (value: unknown) => (value && typeof value === 'object' ? (value as Record<string, unknown>) : undefined)
const report = (method: string) => (error: unknown) => console.error(`[kefu] ECHAT.${method} failed`, error)

/** Every `ECHAT.*` method of the Echat seed, live. */
export function echatApi(host: HostControls): Record<string, Method> {
  const getters = () => echatGetters(host.client.getSnapshot())
  return {
    customNewWinChat: (custom?: unknown) => host.openPopup(obj(custom)),
    customOpenChat: (custom?: unknown) => host.openTab(obj(custom)),
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
    getChatPageUrl: () => host.chatPageUrl(),
    getEchatVisitorId: () => getters().getEchatVisitorId(),
    setPageTitle: (title?: unknown) => host.title.setPageTitle(String(title ?? '')),
    hideMiniChat: () => host.client.minimize(),
    maxMiniChat: () => host.openMini(),
    closeMiniChat: () => host.client.close(),
    setMobilePageTop: (top?: unknown) => {
      const value = Number(top)
      if (Number.isFinite(value) && value >= 0) host.setMobilePageTop(value)
      else console.error(`[kefu] ECHAT.setMobilePageTop: ${String(top)} is not a number of px`)
    },
    getMiniStatus: () => getters().getMiniStatus(),
    getChatStatus: () => getters().getChatStatus(),
    getChatStaffInfo: () => getters().getChatStaffInfo(),
    getUnReadMsgCount: () => getters().getUnReadMsgCount(),
    getFileUploadInfo: () =>
      fetchUploadCredential({ base: host.base, companyId: host.companyId, storage: host.storage, fetch: host.fetch }),
  }
}
