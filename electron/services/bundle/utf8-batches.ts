import { releaseMemory } from '../age/release-memory';

/**
 * Text appended piece by piece (JSONL lines, CSV rows) becomes UTF-8 a batch
 * of about 64 K characters at a time: one conversion per piece costs more
 * than building the piece, while the whole file as one string would stay
 * alive as UTF-16 (twice the bytes for Cyrillic) beside its UTF-8.
 */
export class Utf8Batches {
  private static readonly BATCH_CHARS = 64 * 1024;
  private readonly parts: Buffer[] = [];
  private pending: string;

  constructor(start = '') {
    this.pending = start;
  }

  append(text: string): void {
    this.pending += text;
    if (this.pending.length >= Utf8Batches.BATCH_CHARS) this.flush();
  }

  /** All the text as one buffer; the batches are freed, so they do not double the file in memory. */
  finish(): Buffer {
    this.flush();
    const joined = Buffer.concat(this.parts);
    for (const part of this.parts.splice(0)) releaseMemory(part);
    return joined;
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    this.parts.push(Buffer.from(this.pending, 'utf8'));
    this.pending = '';
  }
}
