// One copy of each text that repeats across many rows (a link's user, last action and reason): text
// parsed from a Table answer is a new string per row, so 50,000 links would otherwise hold 50,000 copies of each.
// Bounded: once `capacity` distinct texts are kept, new ones are returned as they are.

export class TextIntern {
  private readonly texts = new Map<string, string>();

  constructor(private readonly capacity = 512) {}

  of(text: string): string {
    const kept = this.texts.get(text);
    if (kept !== undefined) return kept;
    if (this.texts.size < this.capacity) this.texts.set(text, text);
    return text;
  }
}
