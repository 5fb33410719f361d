// Builds the Microsoft Graph SDK client with this project's middleware chain:
// retry on 429/503/504 (Retry-After) → Prefer IdType="ImmutableId" → bearer token → per-mailbox concurrency → span → fetch.
import type { TokenCredential } from '@azure/identity';
import { Client, HTTPMessageHandler } from '@microsoft/microsoft-graph-client';
import { MailboxConcurrencyMiddleware } from './mailbox-concurrency-middleware';
import { PreferHeaderMiddleware } from './prefer-header-middleware';
import { RetryAfterMiddleware } from './retry-after-middleware';
import { defaultSleep } from './retry-delay';
import { TokenCredentialMiddleware } from './token-credential-middleware';
import { GraphTelemetryMiddleware } from '../telemetry/graph-telemetry-middleware';

export const DEFAULT_GRAPH_BASE_URL = 'https://graph.microsoft.com/v1.0';

export interface GraphClientOptions {
  /** Service root including the version, e.g. `https://graph.microsoft.com/v1.0` or a simulator's `http://127.0.0.1:PORT/v1.0`. */
  baseUrl?: string;
  /** `DefaultAzureCredential` in production; `StaticTokenCredential` for simulators. */
  credential: TokenCredential;
  /** Retries of one request answered 429/503/504 (default 10). */
  maxRetries?: number;
  /** Requests in flight per mailbox (default 4, Exchange's limit). */
  maxConcurrentPerMailbox?: number;
  /** Waits between retries; injectable so tests need not wait. */
  sleep?: (ms: number) => Promise<void>;
}

export function createGraphClient(options: GraphClientOptions): Client {
  const { host, version } = splitBaseUrl(options.baseUrl ?? DEFAULT_GRAPH_BASE_URL);
  return Client.initWithMiddleware({
    baseUrl: host,
    defaultVersion: version,
    middleware: [
      new RetryAfterMiddleware(options.maxRetries ?? 10, options.sleep ?? defaultSleep),
      new PreferHeaderMiddleware(),
      new TokenCredentialMiddleware(options.credential),
      new MailboxConcurrencyMiddleware(options.maxConcurrentPerMailbox ?? 4),
      new GraphTelemetryMiddleware(),
      new HTTPMessageHandler(),
    ],
  });
}

/** The SDK joins `baseUrl` and `defaultVersion`; the option carries both, so split on the last path segment. */
function splitBaseUrl(baseUrl: string): { host: string; version: string } {
  const url = new URL(baseUrl);
  const segments = url.pathname.split('/').filter((s) => s !== '');
  const version = segments.pop();
  if (version === undefined) throw new Error(`Graph base URL must end with the API version (e.g. /v1.0): ${baseUrl}`);
  const prefix = segments.length > 0 ? `/${segments.join('/')}` : '';
  return { host: `${url.origin}${prefix}`, version };
}
