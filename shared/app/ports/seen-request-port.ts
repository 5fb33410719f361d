// Requests already received, shared by every instance (B-N3): the first receipt of a signed LN notification queues its
// work at once; a repeat claims one delayed re-run, and repeats while that re-run is still waiting collapse into it.

/** What a receipt of a request means for its work. */
export type RequestReceipt =
  | { kind: 'first' }
  /** A repeat: re-run number `repeat` of this request's work is the caller's to schedule. */
  | { kind: 'repeat'; repeat: number }
  /** A repeat arriving while an earlier repeat's re-run still waits for its time: that re-run covers it. */
  | { kind: 'repeat-pending' };

export interface ReceiveRequest {
  /** What identifies the request (the LN signature). */
  key: string;
  /** When the request says it was sent (the signed timestamp): every copy of one request carries the same. */
  signedAt: Date;
  now: Date;
  /** A receipt older than this is forgotten: the request counts as new. */
  windowMs: number;
  /** How long after a repeat its re-run is delivered. */
  repeatDelayMs: number;
}

export interface SeenRequestStore {
  /** Records the receipt atomically across instances and says what it means (exactly one caller gets each answer). */
  receive(request: ReceiveRequest): Promise<RequestReceipt>;
}
