// POST /$batch: JSON batching with at most 20 sub-requests through the same router, each recorded with `batch: true`.
// As Graph does, up to 4 parts run at once (a part waits for the parts it dependsOn); each part meets the mailbox's
// throttling on its own and a throttled part gets its own 429 with Retry-After inside the answer
// (learn.microsoft.com/graph/json-batching, "Batch size limitations" and "Throttling"; Microsoft Q&A 1660054:
// "Microsoft Graph dispatches up to four individual requests from a batch to the Outlook service simultaneously").
import { z } from 'zod';
import { graphErrorResponse, jsonResponse, type SimResponse } from './graph-sim-response';
import { routeGraphRequest, type RouterDeps } from './graph-router';
import type { SimRequest } from './sim-request';

export const MAX_BATCH_REQUESTS = 20;
/** Parts of one batch Graph sends to the Outlook service at the same time. */
export const BATCH_DISPATCH_PARALLELISM = 4;

const batchBody = z.object({
  requests: z.array(z.object({
    id: z.string().min(1),
    method: z.string().min(1),
    url: z.string().min(1),
    headers: z.record(z.string(), z.string()).optional(),
    body: z.unknown().optional(),
    dependsOn: z.array(z.string()).optional(),
  })),
});

export interface SubRequestRecord {
  request: SimRequest;
  batchRequestId: string;
  status: number;
}

export async function batchRoute(req: SimRequest, deps: RouterDeps, record: (r: SubRequestRecord) => void): Promise<SimResponse> {
  if (req.method !== 'POST') return graphErrorResponse(405, 'BadRequest', 'Specified HTTP method is not allowed for the request target.');
  const parsed = batchBody.safeParse(req.body);
  if (!parsed.success) return graphErrorResponse(400, 'BadRequest', 'Invalid batch payload format.');
  const requests = parsed.data.requests;
  if (requests.length > MAX_BATCH_REQUESTS) return graphErrorResponse(400, 'BadRequest', `The number of requests in a batch (${requests.length}) exceeds the limit of ${MAX_BATCH_REQUESTS}.`);
  const problem = batchProblem(requests);
  if (problem) return graphErrorResponse(400, 'BadRequest', problem);
  const done = new Map<string, Promise<number>>();
  const dispatch = new Slots(BATCH_DISPATCH_PARALLELISM);
  const answers = requests.map((sub) => {
    const answer = runPart(sub, done, dispatch, deps).then((a) => {
      record({ request: toSimRequest(sub), batchRequestId: sub.id, status: a.status });
      return a;
    });
    done.set(sub.id.toLowerCase(), answer.then((a) => a.status));
    return answer;
  });
  const settled = await Promise.all(answers);
  const responses = settled.map((answer, i) => ({ id: requests[i]!.id, status: answer.status, headers: answer.headers, ...(answer.body !== undefined ? { body: answer.body } : {}) }));
  return jsonResponse(200, { responses });
}

type Part = z.infer<typeof batchBody>['requests'][number];

/** Waits for the parts this one depends on (424 when one failed), then runs it in one of the dispatch slots. */
async function runPart(sub: Part, done: Map<string, Promise<number>>, dispatch: Slots, deps: RouterDeps): Promise<SimResponse> {
  const dependencies = await Promise.all((sub.dependsOn ?? []).map((d) => done.get(d.toLowerCase()) ?? Promise.resolve(0)));
  if (dependencies.some((status) => status >= 400)) return graphErrorResponse(424, 'FailedDependency', 'A request that this request depends on failed.');
  await dispatch.take();
  try {
    return await routeGraphRequest(toSimRequest(sub), deps);
  } finally {
    dispatch.give();
  }
}

/** A counting semaphore for the batch's dispatch slots. */
class Slots {
  private waiting: Array<() => void> = [];
  constructor(private free: number) {}
  take(): Promise<void> {
    if (this.free > 0) {
      this.free--;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }
  give(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.free++;
  }
}

function batchProblem(requests: Array<z.infer<typeof batchBody>['requests'][number]>): string | undefined {
  const ids = new Set<string>();
  for (const sub of requests) {
    if (ids.has(sub.id.toLowerCase())) return `Batch request contains duplicate id '${sub.id}'.`;
    ids.add(sub.id.toLowerCase());
    if (/^https?:/i.test(sub.url)) return `Request id ${sub.id}: the url must be relative to the version root, like /users/{id}.`;
    const hasContentType = Object.keys(sub.headers ?? {}).some((h) => h.toLowerCase() === 'content-type');
    if (['POST', 'PATCH', 'PUT'].includes(sub.method.toUpperCase()) && (sub.body === undefined || !hasContentType)) {
      return `Write request id : ${sub.id} does not contain Content-Type header or body.`;
    }
    for (const dep of sub.dependsOn ?? []) if (!ids.has(dep.toLowerCase())) return `Request id ${sub.id} depends on '${dep}', which does not come before it in the batch.`;
  }
  return undefined;
}

function toSimRequest(sub: z.infer<typeof batchBody>['requests'][number]): SimRequest {
  const url = new URL(sub.url.startsWith('/') ? sub.url : `/${sub.url}`, 'http://batch.invalid');
  const headers = Object.fromEntries(Object.entries(sub.headers ?? {}).map(([k, v]) => [k.toLowerCase(), v]));
  return { method: sub.method.toUpperCase(), path: safeDecode(url.pathname), rawPath: url.pathname, query: Object.fromEntries(url.searchParams), headers, body: sub.body };
}

/** Decoded path; a malformed escape leaves it as sent (the route lookup then fails like any unknown segment). */
export function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
