// The entry the Functions host loads (package.json "main"): starts telemetry first, then registers every function.
// One import per file in functions/; the deployment check (test/deploy) fails when a function is missing here.
import './shared/telemetry/start-azure-monitor'; // first: before @azure/functions and the HTTP modules load
import './functions/admin-confirm-deletes';
import './functions/admin-console-action';
import './functions/admin-console-item';
import './functions/admin-console-preview';
import './functions/admin-console-user';
import './functions/admin-item';
import './functions/admin-preview';
import './functions/admin-start';
import './functions/admin-status';
import './functions/admin-status-page';
import './functions/admin-stop';
import './functions/admin-sync';
import './functions/graph-webhook';
import './functions/ln-webhook';
import './functions/scheduler';
import './functions/subscriptions';
import './functions/sync-worker';
