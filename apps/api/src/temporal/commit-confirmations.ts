/**
 * The answered Updates' confirmations that a journey's history is committed up to a sequence: the
 * highest sequence per journey, written one write at a time, and whatever comes in meanwhile goes
 * together in the next. The reads show only rows at or below a journey's committed sequence (a
 * lost workflow task's rows are never shown), so an answer waits for its confirmation's write: the
 * caller then reads its own write. A write that fails is reported, never thrown: the confirmation
 * is then made by the notice dispatcher's reprojection a little later.
 */
export class CommitConfirmations {
  private pending = new Map<string, number>();
  private waiting: (() => void)[] = [];
  private writing?: Promise<void>;

  constructor(
    private readonly write: (batch: ReadonlyMap<string, number>) => Promise<void>,
    private readonly failed: (error: unknown) => void,
  ) {}

  /** Resolves once a write that holds this confirmation has ended (written or reported). */
  confirm(candidateId: string, sequence: number): Promise<void> {
    this.pending.set(candidateId, Math.max(sequence, this.pending.get(candidateId) ?? 0));
    const written = new Promise<void>((resolve) => this.waiting.push(resolve));
    this.writing ??= this.writeAll();
    return written;
  }

  /** Resolves once nothing is pending or being written. */
  async idle(): Promise<void> {
    await this.writing;
  }

  private async writeAll(): Promise<void> {
    // Yield first, so the confirmations of the same tick go together and `writing` is set before this can end.
    await Promise.resolve();
    try {
      while (this.pending.size) {
        const batch = this.pending;
        const waiting = this.waiting;
        this.pending = new Map();
        this.waiting = [];
        await this.write(batch).catch(this.failed);
        for (const resolve of waiting) resolve();
      }
    } finally {
      this.writing = undefined;
    }
  }
}
