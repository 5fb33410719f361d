// Requests already received, shared by every instance: a repeated signed LN notification is answered without
// queueing its work again, on whichever instance it lands (B-N3).

export interface SeenRequestStore {
  /** True when `key` was recorded less than `windowMs` before `now`. */
  seen(key: string, now: Date, windowMs: number): Promise<boolean>;
  /** Records `key` as received at `now`. */
  record(key: string, now: Date): Promise<void>;
}
