/**
 * The answered Updates' confirmations that a journey's history is committed up to a sequence
 * (for its notices; see NotificationsRepository.confirmCommitted): the highest sequence per
 * journey, written one write at a time, and whatever comes in meanwhile goes together in the
 * next. Nobody waits for it: a confirmation whose write failed is made by the notice dispatcher's
 * reprojection a little later.
 */
export class CommitConfirmations {
  private pending = new Map<string, number>();
  private writing?: Promise<void>;

  constructor(
    private readonly write: (batch: ReadonlyMap<string, number>) => Promise<void>,
    private readonly failed: (error: unknown) => void,
  ) {}

  confirm(candidateId: string, sequence: number): void {
    this.pending.set(candidateId, Math.max(sequence, this.pending.get(candidateId) ?? 0));
    this.writing ??= this.writeAll();
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
        this.pending = new Map();
        await this.write(batch).catch(this.failed);
      }
    } finally {
      this.writing = undefined;
    }
  }
}
