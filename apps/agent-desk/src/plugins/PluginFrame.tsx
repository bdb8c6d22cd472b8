import { useEffect, useMemo, useRef, useState } from 'react'
import {
  createPluginHost,
  pluginPageUrl,
  receivedMessageOf,
  selectedVisitorOf,
  type ContextProof,
  type PluginHost,
} from '@kefu/agent/host'
import { selectConversation, type DeskSnapshot } from '../desk'
import { useDesk, useDeskStore } from '../ui/useDesk'
import { useStoreState, useWorkbench } from '../ui/workbenchServices'
import { crmUpdateOf } from './crmUpdateOf'
import { handlePluginCall } from './handlePluginCall'
import type { PluginInfo } from './pluginInfo'

export type CreatePluginHost = typeof createPluginHost

const SANDBOX = 'allow-scripts allow-same-origin allow-forms allow-popups'
const selectVisitor = (s: DeskSnapshot) => (s.selectedVisitorId ? (s.visitors[s.selectedVisitorId] ?? null) : null)
const selectVisitorId = (s: DeskSnapshot) => s.selectedVisitorId
const stripHash = (url: string) => url.split('#')[0]

function hostOrigin(): string {
  return globalThis.location?.origin ?? 'http://localhost'
}

/**
 * One business page in the panel, with its host: verification through the server, calls into the
 * workbench, and the workbench's events out. Kept mounted while hidden so the page keeps its state.
 */
export function PluginFrame({ plugin, active, createHost = createPluginHost }: { plugin: PluginInfo; active: boolean; createHost?: CreatePluginHost }) {
  const desk = useDeskStore()
  const { draft, panel, mapClicks } = useWorkbench()
  const visitor = useDesk(selectVisitor)
  const conversation = useDesk(selectConversation)
  const requested = useStoreState(panel).pages[plugin.pluginId]
  // The selection, not the profile: a profile may arrive after the selection, and the plugin must hear
  // about the visitor once, when both the profile and the proof are in.
  const visitorId = useDesk(selectVisitorId)
  const conversationId = conversation?.conversationId ?? null

  // The server's signed word that this agent selected this visitor, per plugin (signed with its secret).
  const [proof, setProof] = useState<{ visitorId: string; proof: ContextProof | null } | null>(null)
  useEffect(() => {
    if (!visitorId) return
    let cancelled = false
    desk
      .http(`/api/v1/plugins/${encodeURIComponent(plugin.pluginId)}/context-proof`, { body: { visitorId } })
      .then(
        (value) => !cancelled && setProof({ visitorId, proof: value as ContextProof }),
        // Without a proof the page still works; its backend just cannot check the visitor id.
        () => !cancelled && setProof({ visitorId, proof: null }),
      )
    return () => {
      cancelled = true
    }
  }, [desk, plugin.pluginId, visitorId])

  const proofReady = visitorId === null || (proof?.visitorId === visitorId && visitor !== null)
  const currentProof = proof?.visitorId === visitorId ? proof.proof : null
  const selected = useMemo(
    () => (visitor && proofReady ? selectedVisitorOf(visitor, conversation, currentProof) : null),
    [visitor, conversation, currentProof, proofReady],
  )
  const selectedRef = useRef(selected)
  selectedRef.current = selected

  const frameRef = useRef<HTMLIFrameElement | null>(null)
  const hostRef = useRef<PluginHost | null>(null)
  const [src, setSrc] = useState<string | null>(null)
  const [loadSerial, setLoadSerial] = useState(0)
  const baseRef = useRef(plugin.url)

  useEffect(() => {
    const host = createHost({
      // Read on every message: the element (and its window) changes when the frame is reloaded.
      frame: {
        get contentWindow() {
          return frameRef.current?.contentWindow ?? null
        },
      },
      plugin: { pluginId: plugin.pluginId, allowedOrigin: plugin.allowedOrigin },
      verify: async (config) => {
        await desk.http(`/api/v1/plugins/${encodeURIComponent(plugin.pluginId)}/verify`, { body: config })
      },
      handle: (call) => handlePluginCall({ desk, draft, panel, pluginId: plugin.pluginId }, call),
      getSelected: () => selectedRef.current,
      // Ctrl+Alt+0 pressed inside the plugin page, where the workbench's own shortcut cannot hear it.
      onDebugToggle: () => panel.toggleDebug(),
      onLog: (entry) => {
        panel.log(entry)
        if (entry.direction === 'fromPlugin' && entry.name === 'config' && !entry.note) panel.setHostStatus(plugin.pluginId, 'verifying')
        if (entry.direction === 'toPlugin' && entry.name === 'ready') panel.setHostStatus(plugin.pluginId, 'ready')
        if (entry.direction === 'toPlugin' && entry.name === 'error') panel.setHostStatus(plugin.pluginId, 'refused')
      },
    })
    hostRef.current = host
    const offMessage = desk.on('message', ({ visitorId: from, message }) => {
      if (from !== selectedRef.current?.visitorData.visitorId && from !== desk.getSnapshot().selectedVisitorId) return
      const received = receivedMessageOf(from, message)
      if (received) host.receiveMessage(received)
    })
    const offCrm = desk.on('crmUpdated', ({ visitorId: id, changed }) => host.crmUpdated(crmUpdateOf(id, changed)))
    const offMap = mapClicks.on((click) => host.mapMsgClick(click))
    return () => {
      offMessage()
      offCrm()
      offMap()
      host.destroy()
      hostRef.current = null
    }
  }, [createHost, desk, draft, panel, mapClicks, plugin.pluginId, plugin.allowedOrigin])

  // The selected visitor changed. Pages that carry the visitor in their URL reload (the seed: "否则访客切换时
  // 当前业务系统页面也会被reload" — only for them); the others keep their page and hear `selectVisitor`.
  const loaded = src !== null
  useEffect(() => {
    if (!proofReady) return
    if (!loaded || plugin.visitorParams) {
      setSrc(pluginPageUrl(baseRef.current, selectedRef.current, hostOrigin()))
      if (loaded) setLoadSerial((n) => n + 1)
    }
    // `loaded` is left out on purpose: loading the page must not count as a visitor change.
  }, [visitorId, proofReady, plugin.visitorParams])

  useEffect(() => {
    if (!proofReady || !loaded || plugin.visitorParams) return
    hostRef.current?.selectVisitor(selectedRef.current)
  }, [visitorId, conversationId, proofReady])

  // A card asked for one of this plugin's pages.
  const lastSerial = useRef(0)
  useEffect(() => {
    if (!requested || requested.serial === lastSerial.current || !proofReady) return
    lastSerial.current = requested.serial
    baseRef.current = requested.url
    const next = pluginPageUrl(requested.url, selectedRef.current, hostOrigin())
    const shown = src !== null && stripHash(src) === stripHash(next)
    setSrc(next)
    // `hash` on the page already shown: only the fragment changes (no reload); otherwise load it anew.
    if (!(requested.openType === 'hash' && shown)) setLoadSerial((n) => n + 1)
  }, [requested, proofReady, src])

  return (
    <div className="plugin-frame-wrap" hidden={!active} role="tabpanel" aria-label={plugin.name}>
      {src ? (
        <iframe
          key={loadSerial}
          ref={frameRef}
          src={src}
          title={plugin.name}
          sandbox={SANDBOX}
          className="plugin-frame"
          data-testid={`plugin-frame-${plugin.pluginId}`}
        />
      ) : null}
    </div>
  )
}
