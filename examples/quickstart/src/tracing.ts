/**
 * OpenTelemetry for the whole process, as in the README: the NodeSDK registers the global tracer provider
 * that `LlmCanaryHandler` writes through, exporting over OTLP/HTTP to `OTEL_EXPORTER_OTLP_ENDPOINT`
 * (default http://localhost:4318), with `service.name` from `OTEL_SERVICE_NAME` (`quickstart` when unset).
 * Import it before anything else.
 */
import { DiagConsoleLogger, DiagLogLevel, diag } from '@opentelemetry/api'
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http'
import { NodeSDK } from '@opentelemetry/sdk-node'

// Export failures (no collector listening) are reported on the console, not swallowed.
diag.setLogger(new DiagConsoleLogger(), DiagLogLevel.WARN)
process.env.OTEL_SERVICE_NAME ??= 'quickstart'

/** The process's OpenTelemetry SDK, started; `await sdk.shutdown()` flushes the last spans. */
export const sdk = new NodeSDK({ traceExporter: new OTLPTraceExporter() })
sdk.start()
process.once('SIGTERM', () => void sdk.shutdown().finally(() => process.exit(0)))
