// The composition root: builds every adapter from the parsed configuration, once per process.
// The same wiring serves Azure, the local host and the end-to-end tests; only configuration differs.
import { DefaultAzureCredential, type TokenCredential } from '@azure/identity';
import type { Client } from '@microsoft/microsoft-graph-client';
import type { AppConfig } from '../config/config-schema';
import { createGraphClient } from '../graph/graph-client-factory';
import { GraphContactStore } from '../graph/graph-contact-store';
import { GraphEventStore } from '../graph/graph-event-store';
import { LnActivityStore } from '../ln/ln-activity-store';
import { CalendarSync, type CalendarSyncSettings } from '../sync/calendar-sync';
import { StaticTokenCredential } from '../graph/static-token-credential';
import { LnContactStore } from '../ln/ln-contact-store';
import { LnODataClient } from '../ln/ln-odata-client';
import { LnFieldLengths } from '../ln/ln-field-lengths';
import { defaultLnServiceNames, type LnServiceNames } from '../ln/ln-service-names';
import { LnSyncSettingsReader } from '../ln/ln-sync-settings-reader';
import { IonApiTokenProvider, staticTokenProvider, type LnTokenProvider } from '../ln/ln-token-provider';
import { TableClientFactory } from '../state/table-client-factory';
import { countThrottledBatchParts, tracedFetch } from '../telemetry/traced-fetch';
import { TableCursorStore } from '../state/table-cursor-store';
import { TableLinkStore } from '../state/table-link-store';
import { TableItemHistoryStore } from '../state/table-item-history-store';
import { TableIdentityClaimStore } from '../state/table-identity-claim-store';
import { TableSeenRequestStore } from '../state/table-seen-request-store';
import type { SeenRequestStore } from './ports/seen-request-port';
import { ContactSync, type ContactSyncSettings } from '../sync/contact-sync';
import { systemClock, type Clock } from '../sync/ports/clock-port';
import { limitHeapGrowth } from './heap-growth';

export interface ServiceOverrides {
  clock?: Clock;
  /** Waits between retries of LN and Graph calls (tests pass a short one). */
  sleep?: (ms: number) => Promise<void>;
  graphCredential?: TokenCredential;
  /** How long a claim on a person in progress holds (B-I7); default two minutes. */
  claimTtlMs?: number;
}

export interface Services {
  config: AppConfig;
  clock: Clock;
  lnClient: LnODataClient;
  lnSettings: LnSyncSettingsReader;
  lnContacts: LnContactStore;
  graphClient: Client;
  exchangeContacts: GraphContactStore;
  tables: TableClientFactory;
  links: TableLinkStore;
  cursors: TableCursorStore;
  history: TableItemHistoryStore;
  /** B-I7: claims on persons and account names shared by every instance. */
  claims: TableIdentityClaimStore;
  /** B-N3: LN webhook requests already received, shared by every instance. */
  seenRequests: SeenRequestStore;
  contactSyncSettings: ContactSyncSettings;
  contactSync: ContactSync;
  lnActivities: LnActivityStore;
  exchangeEvents: GraphEventStore;
  calendarSync: CalendarSync;
}

export function buildServices(config: AppConfig, overrides: ServiceOverrides = {}): Services {
  limitHeapGrowth(); // the process runs long synchronizations: collect before the heap grows far past the live set
  const clock = overrides.clock ?? systemClock;
  const names = lnServiceNames(config);
  const sleepOption = overrides.sleep ? { sleep: overrides.sleep } : {};
  const lnClient = new LnODataClient({ baseUrl: config.ln.baseUrl, company: config.ln.company, tokens: lnTokens(config), fetch: tracedFetch('ln'), ...sleepOption });
  const graphClient = createGraphClient({ baseUrl: config.graph.baseUrl, credential: overrides.graphCredential ?? graphCredential(config), ...sleepOption });
  const tables = new TableClientFactory(config.state);
  const links = new TableLinkStore(tables);
  const cursors = new TableCursorStore(tables);
  const history = new TableItemHistoryStore(tables);
  const claims = new TableIdentityClaimStore(tables, clock, overrides.claimTtlMs);
  const fieldLengths = new LnFieldLengths(lnClient, names); // B-C12: LN's $metadata, read once per process on the first write
  const lnContacts = new LnContactStore({ client: lnClient, names, claims, fieldLengths });
  const exchangeContacts = new GraphContactStore(graphClient, { onThrottledParts: countThrottledBatchParts });
  const contactSyncSettings = contactSettings(config);
  const contactSync = new ContactSync({ ln: lnContacts, exchange: exchangeContacts, links, cursors, clock, history, claims }, contactSyncSettings);
  const lnActivities = new LnActivityStore({ client: lnClient, names, fieldLengths });
  const exchangeEvents = new GraphEventStore(graphClient, { onThrottledParts: countThrottledBatchParts });
  const calendarSync = new CalendarSync({ ln: lnActivities, exchange: exchangeEvents, links, cursors, clock, history }, calendarSettings(config));
  return {
    config, clock, lnClient, lnSettings: new LnSyncSettingsReader(lnClient, names), lnContacts,
    graphClient, exchangeContacts, tables, links, cursors, history, claims, seenRequests: new TableSeenRequestStore(tables), contactSyncSettings, contactSync, lnActivities, exchangeEvents, calendarSync,
  };
}

export function calendarSettings(config: AppConfig): CalendarSyncSettings {
  return {
    horizonDays: config.sync.calendarHorizonDays,
    policy: config.sync.conflictPolicy,
    massDelete: { maxShare: config.sync.massDeleteMaxShare, minCount: config.sync.massDeleteMinCount },
    fullReconcileHours: config.sync.fullReconcileHours,
  };
}

export function contactSettings(config: AppConfig): ContactSyncSettings {
  return {
    folderName: config.sync.folderName,
    direction: config.sync.contactDirection,
    policy: config.sync.conflictPolicy,
    massDelete: { maxShare: config.sync.massDeleteMaxShare, minCount: config.sync.massDeleteMinCount },
    fullReconcileHours: config.sync.fullReconcileHours,
  };
}

function lnTokens(config: AppConfig): LnTokenProvider {
  const auth = config.ln.auth;
  return auth.kind === 'static' ? staticTokenProvider(auth.token) : new IonApiTokenProvider({ credentials: auth, fetch: tracedFetch('ln') });
}

/** Simulators take a fixed token; everything else goes through DefaultAzureCredential (managed identity in Azure). */
function graphCredential(config: AppConfig): TokenCredential {
  return config.graph.staticToken ? new StaticTokenCredential(config.graph.staticToken) : new DefaultAzureCredential();
}

function lnServiceNames(config: AppConfig): LnServiceNames {
  const s = config.ln.services;
  return { ...defaultLnServiceNames, ...config.ln.entitySets, contact: s.contact, businessPartner: s.businessPartner, activity: s.activity, employee: s.employee, exchangeSync: s.exchangeSync };
}
