// POST /$batch: JSON batching with at most 20 sub-requests, run one after another through the same router.
// Each sub-request gets the same fault/throttling treatment and is recorded with `batch: true`.
import { z } from 'zod';
import { graphErrorResponse, jsonResponse, type SimResponse } from './graph-sim-response';
import { routeGraphRequest, type RouterDeps } from './graph-router';
import type { SimRequest } from './sim-request';

export const MAX_BATCH_REQUESTS = 20;

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
  const statuses = new Map<string, number>();
  const responses: Array<Record<string, unknown>> = [];
  for (const sub of requests) {
    const failedDependency = (sub.dependsOn ?? []).some((d) => (statuses.get(d) ?? 0) >= 400);
    const subRequest = toSimRequest(sub);
    const answer = failedDependency
      ? graphErrorResponse(424, 'FailedDependency', 'A request that this request depends on failed.')
      : await routeGraphRequest(subRequest, deps);
    statuses.set(sub.id, answer.status);
    record({ request: subRequest, batchRequestId: sub.id, status: answer.status });
    responses.push({ id: sub.id, status: answer.status, headers: answer.headers, ...(answer.body !== undefined ? { body: answer.body } : {}) });
  }
  return jsonResponse(200, { responses });
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
