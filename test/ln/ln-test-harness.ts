// Test helper: an LN simulator plus a real LnODataClient (ION API token provider) pointed at it.
// Sleeps are recorded instead of waited, so retry tests are fast and can check the waits.
import { ionApiCredentials } from '../../shared/ln/ionapi';
import { lnODataBaseUrl } from '../../shared/ln/ionapi';
import { LnODataClient } from '../../shared/ln/ln-odata-client';
import { IonApiTokenProvider } from '../../shared/ln/ln-token-provider';
import { startLnSimulator, type LnSimulator, type LnSimulatorOptions } from '../simulators/ln/ln-simulator';

export interface LnHarness {
  sim: LnSimulator;
  client: LnODataClient;
  tokens: IonApiTokenProvider;
  sleeps: number[];
  close(): Promise<void>;
}

export async function startLnHarness(options: LnSimulatorOptions = {}, maxRetries?: number): Promise<LnHarness> {
  const sim = await startLnSimulator(options);
  const tokens = new IonApiTokenProvider({ credentials: ionApiCredentials(sim.ionapi) });
  const sleeps: number[] = [];
  const client = new LnODataClient({
    baseUrl: lnODataBaseUrl(sim.ionapi),
    company: sim.company,
    tokens,
    sleep: async (ms) => {
      sleeps.push(ms);
    },
    ...(maxRetries === undefined ? {} : { maxRetries }),
  });
  return { sim, client, tokens, sleeps, close: () => sim.close() };
}
