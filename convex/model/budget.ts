import { getDocumentSize } from "convex/values";

/**
 * What one batch transaction may read, kept well under Convex's per-function
 * limits (32,000 documents scanned and 16 MiB read: docs.convex.dev →
 * Production → Limits). A batch job that stops at its budget and continues in
 * the next transaction never fails at a limit, so it never retries the same
 * failing batch forever. Deleting or patching a document reads it again, so
 * callers charge those as reads too.
 */
export class ReadBudget {
  private documents = 0;
  private bytes = 0;

  constructor(
    private readonly maxDocuments: number,
    private readonly maxBytes: number,
  ) {}

  /** Would `documents` more reads of `bytes` in all stay within the budget? */
  allows(documents: number, bytes = 0): boolean {
    return this.documents + documents <= this.maxDocuments && this.bytes + bytes <= this.maxBytes;
  }

  /** Records reads already made. */
  charge(documents: number, bytes: number) {
    this.documents += documents;
    this.bytes += bytes;
  }

  /** Records reading `doc` `times` times (a read plus a delete is 2). */
  chargeDocument(doc: Record<string, unknown>, times = 1) {
    this.charge(times, times * sizeOf(doc));
  }

  get exhausted(): boolean {
    return !this.allows(1);
  }
}

/** A stored document's size as Convex counts it towards "bytes read". */
export function sizeOf(doc: Record<string, unknown>): number {
  return getDocumentSize(doc as never);
}
