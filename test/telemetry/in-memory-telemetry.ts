// Test helper: installs global OpenTelemetry providers that keep spans and metrics in memory, as Azure Monitor's
// would export them, so tests can read the traces and metrics of real runs.
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';
import { MeterProvider, MetricReader, type DataPoint, type Histogram } from '@opentelemetry/sdk-metrics';

class CollectingReader extends MetricReader {
  protected override async onForceFlush(): Promise<void> {}
  protected override async onShutdown(): Promise<void> {}
}

export interface MetricPoint {
  attributes: Record<string, unknown>;
  /** A counter's sum, or a histogram's count and sum. */
  value: number | { count: number; sum: number };
}

export interface InMemoryTelemetry {
  spans(): ReadableSpan[];
  metric(name: string): Promise<MetricPoint[]>;
  /** Forgets the spans so far and counts metrics from now on. */
  reset(): Promise<void>;
}

export function installInMemoryTelemetry(): InMemoryTelemetry {
  const exporter = new InMemorySpanExporter();
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
  const reader = new CollectingReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  let baseline = new Map<string, number>();
  const key = (name: string, p: DataPoint<unknown>): string => `${name}|${JSON.stringify(p.attributes)}`;
  return {
    spans: () => exporter.getFinishedSpans(),
    async metric(name) {
      const { resourceMetrics } = await reader.collect();
      const points = resourceMetrics.scopeMetrics.flatMap((s) => s.metrics).filter((m) => m.descriptor.name === name).flatMap((m) => m.dataPoints as Array<DataPoint<unknown>>);
      return points.map((p) => {
        const before = baseline.get(key(name, p)) ?? 0;
        const value = typeof p.value === 'number' ? p.value - before : { count: (p.value as Histogram).count - before, sum: (p.value as Histogram).sum ?? 0 };
        return { attributes: p.attributes, value };
      });
    },
    async reset() {
      exporter.reset();
      const { resourceMetrics } = await reader.collect();
      baseline = new Map();
      for (const m of resourceMetrics.scopeMetrics.flatMap((s) => s.metrics)) {
        for (const p of m.dataPoints as Array<DataPoint<unknown>>) baseline.set(key(m.descriptor.name, p), typeof p.value === 'number' ? p.value : (p.value as Histogram).count);
      }
    },
  };
}
