// Starts Azure Monitor OpenTelemetry (traces, metrics, logs to Application Insights) when
// APPLICATIONINSIGHTS_CONNECTION_STRING is set; imported first by the entry module, before any function registers.
import { ManagedIdentityCredential } from '@azure/identity';
import { useAzureMonitor } from '@azure/monitor-opentelemetry';
import { AzureFunctionsInstrumentation } from '@azure/functions-opentelemetry-instrumentation';
import { parseAuthenticationString } from './authentication-string';

let started = false;

/** Idempotent; returns whether telemetry is exported. Without a connection string nothing starts and spans are no-ops. */
export function startTelemetry(env: Record<string, string | undefined> = process.env): boolean {
  if (started) return true;
  const connectionString = env['APPLICATIONINSIGHTS_CONNECTION_STRING']?.trim();
  if (!connectionString) return false;
  const auth = parseAuthenticationString(env['APPLICATIONINSIGHTS_AUTHENTICATION_STRING']);
  const credential = auth ? new ManagedIdentityCredential(auth.clientId ? { clientId: auth.clientId } : {}) : undefined;
  useAzureMonitor({
    azureMonitorExporterOptions: { connectionString, ...(credential ? { credential } : {}) },
    // Table calls get their span from our pipeline policy (table-client-factory.ts); the SDK's own would double them
    instrumentationOptions: { http: { enabled: true }, azureSdk: { enabled: false } },
  });
  // Parents every span of an invocation on the host's own invocation span, so one job is one trace end to end.
  new AzureFunctionsInstrumentation();
  started = true;
  return true;
}
