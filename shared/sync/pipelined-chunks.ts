// Sends chunk after chunk and records each chunk's outcome while the next chunks are being sent, so the links are
// written as the run goes without leaving the mailbox idle; recording never lags by more than `depth` chunks.

export async function pipelined<T, R>(
  chunks: T[][],
  send: (chunk: T[]) => Promise<R>,
  record: (chunk: T[], result: R) => Promise<void>,
  depth = 3,
): Promise<void> {
  const recording: Array<Promise<void>> = [];
  let failure: { error: unknown } | undefined;
  try {
    for (const chunk of chunks) {
      while (recording.length >= depth) await recording.shift(); // room first: a sent chunk is always recorded
      const result = await send(chunk);
      const next = record(chunk, result);
      next.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
      recording.push(next);
    }
  } catch (error) {
    failure = { error };
  }
  // what was written before a failure stays recorded
  const outcomes = await Promise.allSettled(recording);
  if (failure) throw failure.error;
  const rejected = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  if (rejected) throw rejected.reason;
}
