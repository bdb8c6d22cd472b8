type Labels = Readonly<Record<string, string>>

const key = (labels: Labels) =>
  Object.keys(labels)
    .sort()
    .map((name) => `${name}="${String(labels[name]).replace(/["\\\n]/g, (c) => (c === '\n' ? '\\n' : `\\${c}`))}"`)
    .join(',')

class Counter {
  readonly values = new Map<string, number>()
  constructor(readonly name: string, readonly help: string) {}
  inc(labels: Labels = {}, by = 1): void {
    const k = key(labels)
    this.values.set(k, (this.values.get(k) ?? 0) + by)
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} counter`]
    if (this.values.size === 0) lines.push(`${this.name} 0`)
    for (const [k, v] of this.values) lines.push(`${this.name}${k ? `{${k}}` : ''} ${v}`)
    return lines.join('\n')
  }
}

class Gauge {
  constructor(readonly name: string, readonly help: string, readonly read: () => number) {}
  render(): string {
    return [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} gauge`, `${this.name} ${this.read()}`].join('\n')
  }
}

class Histogram {
  readonly counts: number[]
  sum = 0
  count = 0
  constructor(readonly name: string, readonly help: string, readonly buckets: readonly number[]) {
    this.counts = buckets.map(() => 0)
  }
  observe(value: number): void {
    this.sum += value
    this.count++
    this.buckets.forEach((bound, i) => {
      if (value <= bound) this.counts[i]!++
    })
  }
  render(): string {
    const lines = [`# HELP ${this.name} ${this.help}`, `# TYPE ${this.name} histogram`]
    this.buckets.forEach((bound, i) => lines.push(`${this.name}_bucket{le="${bound}"} ${this.counts[i]}`))
    lines.push(`${this.name}_bucket{le="+Inf"} ${this.count}`, `${this.name}_sum ${this.sum}`, `${this.name}_count ${this.count}`)
    return lines.join('\n')
  }
}

/** What `/metrics` reports, in the Prometheus text format. */
export function createMetrics(gauges: { visitorConnections: () => number; agentConnections: () => number }) {
  const metrics = {
    frames: new Counter('kefu_frames_total', 'Frames received, by side and type'),
    frameErrors: new Counter('kefu_frame_errors_total', 'Error frames sent, by side and code'),
    messages: new Counter('kefu_messages_total', 'Messages stored, by sender'),
    httpRequests: new Counter('kefu_http_requests_total', 'HTTP requests, by method and status'),
    frameHandling: new Histogram('kefu_frame_handling_seconds', 'Time to handle a frame', [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]),
    visitorConnections: new Gauge('kefu_visitor_connections', 'Open visitor WebSocket connections', gauges.visitorConnections),
    agentConnections: new Gauge('kefu_agent_connections', 'Open agent WebSocket connections', gauges.agentConnections),
    residentMemory: new Gauge('kefu_process_resident_memory_bytes', 'Resident memory of the server process', () => process.memoryUsage().rss),
    render(): string {
      return `${[this.frames, this.frameErrors, this.messages, this.httpRequests, this.frameHandling, this.visitorConnections, this.agentConnections, this.residentMemory]
        .map((m) => m.render())
        .join('\n')}\n`
    },
  }
  return metrics
}

export type Metrics = ReturnType<typeof createMetrics>
