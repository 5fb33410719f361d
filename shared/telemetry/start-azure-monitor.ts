// Side-effect module imported first by the Functions entry (index.ts): telemetry starts before @azure/functions
// and the HTTP modules load, as the Azure Monitor OpenTelemetry distro requires.
import { startTelemetry } from './start-telemetry';

startTelemetry();
