// Sends chunk after chunk and records each chunk's outcome while the next chunk is being sent, so the links are
// written as the run goes without leaving the mailbox idle; the recording never lags by more than one chunk.

export async function pipelined<T, R>(chunks: T[][], send: (chunk: T[]) => Promise<R>, record: (chunk: T[], result: R) => Promise<void>): Promise<void> {
  let recording: Promise<void> = Promise.resolve();
  for (const chunk of chunks) {
    let result: R;
    try {
      result = await send(chunk);
    } catch (err) {
      await recording; // what was written before stays recorded
      throw err;
    }
    await recording;
    recording = record(chunk, result);
    recording.catch(() => undefined); // awaited on the next turn; this only keeps it from counting as unhandled meanwhile
  }
  await recording;
}
