// Renders AppConfig for logs with every secret replaced by a marker; safe to JSON.stringify.
// Secrets: LN client secret, username (ION service-account key), password and static token, Graph static token, connection strings, admin token, webhook secret.

import type { AppConfig } from './config-schema';

export const REDACTED = '[redacted]';

const hide = (value: string | undefined): string | undefined => (value === undefined ? undefined : REDACTED);

export function describeConfig(config: AppConfig): Record<string, unknown> {
  const auth = config.ln.auth;
  const lnAuth =
    auth.kind === 'static'
      ? { kind: 'static', token: REDACTED }
      : { kind: 'oauth', source: auth.source, tokenUrl: auth.tokenUrl, clientId: auth.clientId, username: REDACTED, clientSecret: REDACTED, password: REDACTED };
  return {
    ln: { ...config.ln, auth: lnAuth, webhookSecret: hide(config.ln.webhookSecret) },
    graph: { baseUrl: config.graph.baseUrl, staticToken: hide(config.graph.staticToken), credential: config.graph.staticToken ? 'static' : 'DefaultAzureCredential' },
    state: { ...config.state, connectionString: hide(config.state.connectionString) },
    sync: { ...config.sync },
    queue: { ...config.queue, connectionString: hide(config.queue.connectionString) },
    adminToken: hide(config.adminToken),
    port: config.port,
  };
}
