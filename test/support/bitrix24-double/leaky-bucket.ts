/** Per-portal request limiter: every HTTP request adds 1, the level drains continuously. */
export class LeakyBucket {
  private level = 0;
  private lastMs: number;

  constructor(
    readonly capacity: number,
    readonly drainPerSecond: number,
    private readonly now: () => number,
  ) {
    this.lastMs = now();
  }

  private drain(): void {
    const t = this.now();
    this.level = Math.max(0, this.level - ((t - this.lastMs) / 1000) * this.drainPerSecond);
    this.lastMs = t;
  }

  /** False when the request would overflow; a refused request does not fill the bucket. */
  tryTake(): boolean {
    this.drain();
    if (this.level + 1 > this.capacity) return false;
    this.level += 1;
    return true;
  }

  current(): number {
    this.drain();
    return this.level;
  }
}
