import type { TraceEntry } from '@kefu/core'
import { sobotFrameStatus, sobotOfflineMessageCount } from '../compat'
import type { HostControls } from './hostControls'
import { safeCall } from './safeCall'

/** Sobot's `zc(command, …)` commands. An unknown one is reported and ignored. */
export function runZcCommand(host: HostControls, args: readonly unknown[]): void {
  const [command, value] = args
  const { client } = host
  switch (command) {
    case 'config':
      if (value && typeof value === 'object') host.addParams(value as Record<string, unknown>)
      else console.error("[kefu] zc('config', params): params must be an object")
      return
    case 'frame_manual':
      host.initEntrance()
      safeCall('frame_manual', value)
      return
    case 'dynamic_ready':
      // Clicks on `.zhiCustomBtn` are delegated: buttons added since are already live.
      return
    case 'receive_message':
      if (typeof value === 'function') host.onReceive(value as (payload: unknown) => void)
      return
    case 'offline_message_count': {
      const answer = () => safeCall('offline_message_count', value, sobotOfflineMessageCount(client.getSnapshot()))
      if (client.getSnapshot().ready) answer()
      else client.once('ready', answer)
      return
    }
    case 'frame_status':
      safeCall('frame_status', value, sobotFrameStatus(client.getSnapshot().window))
      return
    case 'frame_ready':
      host.onFrameReady(() => safeCall('frame_ready', value))
      return
    case 'trace': {
      const trace = (value ?? {}) as TraceEntry
      client
        .trace({
          ...(trace.pre_visit_args ? { pre_visit_args: trace.pre_visit_args } : {}),
          ...(trace.cur_visit_args ? { cur_visit_args: trace.cur_visit_args } : {}),
        }).catch((error) =>
        console.error("[kefu] zc('trace') failed", error),
      )
      return
    }
    default:
      console.error(
        `[kefu] zc(${JSON.stringify(String(command))}): unknown command; known commands are config, frame_manual, dynamic_ready, receive_message, offline_message_count, frame_status, frame_ready, trace`,
      )
  }
}
