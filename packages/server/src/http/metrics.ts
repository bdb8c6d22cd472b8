import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

export interface MetricsSources {
  /** Labels every series of this process carries (`process`), so a cluster's processes are told apart. */
  readonly process: string
  visitorConnections(): number
  agentConnections(): number
  /** Visitors waiting in queues (all companies), read at scrape time. */
  queueLength(): Promise<number>
}

/** What `/metrics` reports (Prometheus text): Node's process metrics and kefu's own. One registry per server. */
export function createMetrics(sources: MetricsSources) {
  const registry = new Registry()
  registry.setDefaultLabels({ process: sources.process })
  collectDefaultMetrics({ register: registry, prefix: 'kefu_' })
  const registers = [registry]
  return {
    registry,
    frames: new Counter({ name: 'kefu_frames_total', help: 'Frames received, by side and type', labelNames: ['side', 'type'], registers }),
    frameErrors: new Counter({ name: 'kefu_frame_errors_total', help: 'Error frames sent, by side and code', labelNames: ['side', 'code'], registers }),
    messages: new Counter({ name: 'kefu_messages_total', help: 'Messages stored, by sender', labelNames: ['sender'], registers }),
    httpRequests: new Counter({ name: 'kefu_http_requests_total', help: 'HTTP requests, by method and status', labelNames: ['method', 'status'], registers }),
    frameHandling: new Histogram({
      name: 'kefu_frame_handling_seconds',
      help: 'Time to handle a frame',
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
      registers,
    }),
    assignmentLatency: new Histogram({
      name: 'kefu_assignment_latency_seconds',
      help: 'From a chat request to an agent taking it (0 when one was free at once)',
      buckets: [0.01, 0.1, 1, 5, 15, 30, 60, 120, 300, 600, 1800],
      registers,
    }),
    busGaps: new Counter({ name: 'kefu_bus_gaps_total', help: 'Gaps in fan-out after which clients resynced from the database', registers }),
    visitorConnections: new Gauge({
      name: 'kefu_visitor_connections',
      help: 'Open visitor WebSocket connections of this process',
      registers,
      collect() {
        this.set(sources.visitorConnections())
      },
    }),
    agentConnections: new Gauge({
      name: 'kefu_agent_connections',
      help: 'Open agent WebSocket connections of this process',
      registers,
      collect() {
        this.set(sources.agentConnections())
      },
    }),
    queueLength: new Gauge({
      name: 'kefu_queue_length',
      help: 'Visitors waiting for an agent, all companies (the same in every process)',
      registers,
      async collect() {
        this.set(await sources.queueLength())
      },
    }),
    render: () => registry.metrics(),
    contentType: registry.contentType,
  }
}

export type Metrics = ReturnType<typeof createMetrics>
