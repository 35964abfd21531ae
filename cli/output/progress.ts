/**
 * A one-line progress bar on stderr, redrawn at most every 100 ms so it never costs measurable time
 * on a million-line scan. Disabled when stderr is not a TTY (CI logs, pipes) or with --quiet.
 */
export class ProgressBar {
  private last = 0;
  private readonly start = Date.now();
  private drawn = false;

  constructor(
    private readonly out: NodeJS.WritableStream & { isTTY?: boolean; columns?: number },
    private readonly label: string,
    private readonly enabled = Boolean(out.isTTY),
  ) {}

  update(done: number, total: number, extra = ''): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100) return;
    this.last = now;
    if (total <= 0) {
      // Size unknown (a compressed file): what is known so far, without a bar.
      this.out.write(`\r${`${this.label} ${extra}`.slice(0, (this.out.columns ?? 120) - 1)}\x1b[K`);
      this.drawn = true;
      return;
    }
    const frac = Math.min(1, done / total);
    const barWidth = 30;
    const filled = Math.round(frac * barWidth);
    const secs = (now - this.start) / 1000;
    const eta = frac > 0.01 ? ` eta ${Math.max(0, secs / frac - secs).toFixed(0)}s` : '';
    const text = `${this.label} [${'#'.repeat(filled)}${'.'.repeat(barWidth - filled)}] ${(frac * 100).toFixed(0).padStart(3)}% ${extra}${eta}`;
    this.out.write(`\r${text.slice(0, (this.out.columns ?? 120) - 1)}\x1b[K`);
    this.drawn = true;
  }

  done(): void {
    if (this.drawn) this.out.write('\r\x1b[K');
    this.drawn = false;
  }
}
