/* eslint-disable @typescript-eslint/no-require-imports -- loaded only when traces are on, before anything they patch */
import type { IncomingMessage } from "node:http";

// Traces through OpenTelemetry (HTTP in and out, GraphQL, PostgreSQL), exported over OTLP/HTTP
// when OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) names a collector.
// Off by default and then free: not one OpenTelemetry module is loaded. main.ts imports this
// first, because instrumentations patch http, pg and graphql as they are first required.
// Spans carry no secrets: a calendar feed's secret path is masked, headers are not recorded, SQL
// is recorded with its placeholders only, and GraphQL without its variables' values.

export interface Tracing {
  /** Sends what is buffered and stops (at shutdown). */
  shutdown(): Promise<void>;
}

const SECRET_PATH = /\/calendar\/[^/?]+\.ics/;
/** A sign-in's callback carries the authorisation code and state in its query. */
const SIGN_IN = /^\/signin\//;

function startTracing(): Tracing | null {
  const endpoint = process.env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT || process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
  if (!endpoint || process.env.OTEL_SDK_DISABLED === "true") return null;
  const { trace, context, propagation } = require("@opentelemetry/api") as typeof import("@opentelemetry/api");
  const { TracerProvider, BatchSpanProcessor } = require("@opentelemetry/sdk-trace") as typeof import("@opentelemetry/sdk-trace");
  const { AsyncLocalStorageContextManager } = require("@opentelemetry/context-async-hooks") as typeof import("@opentelemetry/context-async-hooks");
  const { W3CTraceContextPropagator } = require("@opentelemetry/core") as typeof import("@opentelemetry/core");
  const { resourceFromAttributes } = require("@opentelemetry/resources") as typeof import("@opentelemetry/resources");
  const { OTLPTraceExporter } = require("@opentelemetry/exporter-trace-otlp-http") as typeof import("@opentelemetry/exporter-trace-otlp-http");
  const { registerInstrumentations } = require("@opentelemetry/instrumentation") as typeof import("@opentelemetry/instrumentation");
  const { HttpInstrumentation } = require("@opentelemetry/instrumentation-http") as typeof import("@opentelemetry/instrumentation-http");
  const { PgInstrumentation } = require("@opentelemetry/instrumentation-pg") as typeof import("@opentelemetry/instrumentation-pg");
  const { GraphQLInstrumentation } = require("@opentelemetry/instrumentation-graphql") as typeof import("@opentelemetry/instrumentation-graphql");

  const provider = new TracerProvider({
    resource: resourceFromAttributes({ "service.name": process.env.OTEL_SERVICE_NAME || "proceedings-hub" }),
    // OTLP endpoint, headers and batching from the standard OTEL_* variables.
    spanProcessors: [new BatchSpanProcessor({ exporter: new OTLPTraceExporter() })],
  });
  trace.setGlobalTracerProvider(provider);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  const quiet = new Set(["/healthz", "/readyz", "/metrics"]);
  registerInstrumentations({
    tracerProvider: provider,
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req: IncomingMessage) => quiet.has((req.url ?? "").split("?")[0]),
        // A calendar feed's path is its credential; a sign-in callback's query holds a code.
        requestHook: (span, req) => {
          const url = "url" in req && typeof req.url === "string" ? req.url : "";
          if (!SECRET_PATH.test(url) && !SIGN_IN.test(url)) return;
          const masked = SIGN_IN.test(url) ? url.split("?")[0] : url.replace(SECRET_PATH, "/calendar/[secret].ics");
          for (const key of ["url.path", "http.target", "http.url", "url.full"]) span.setAttribute(key, masked);
          span.updateName(`${"method" in req ? req.method : "GET"} ${masked}`);
        },
      }),
      new PgInstrumentation({ enhancedDatabaseReporting: false }),
      new GraphQLInstrumentation({ allowValues: false, mergeItems: true, ignoreTrivialResolveSpans: true, depth: 2 }),
    ],
  });
  return { shutdown: () => provider.shutdown() };
}

export const tracing: Tracing | null = startTracing();
