// Side-effect module imported first by the Functions entry (index.ts): telemetry starts before @azure/functions
// and the HTTP modules load, as the Azure Monitor OpenTelemetry distro requires.
import { startTelemetry } from './start-telemetry';

try {
  startTelemetry();
} catch (err) {
  // Bad telemetry settings must not keep the functions from registering: say so in the host log and run without.
  console.error(`telemetry not started: ${err instanceof Error ? err.message : String(err)}`);
}
