// The progress bar on stderr: one bar per pass ("read" in megabytes, "audit" in administrations) with the rate
// and the time left. cli-progress draws only on a terminal, so piped or redirected stderr stays clean.
import cliProgress from 'cli-progress';

export type AuditPhase = 'read' | 'audit';

export interface AuditProgress {
  phase: AuditPhase;
  done: number;
  total: number;
}

const UNIT: Record<AuditPhase, { label: string; scale: number; unit: string }> = {
  read: { label: 'reading ', scale: 1024 * 1024, unit: 'MB' },
  // Counted as MedicationAdministration resources are audited, waste records included.
  audit: { label: 'auditing', scale: 1, unit: 'MedicationAdministration resources' },
};

const MIN_RATE_SECONDS = 0.5;

export class ProgressBar {
  private bar: cliProgress.SingleBar | undefined;
  private phase: AuditPhase | undefined;
  private startedAt = 0;

  constructor(private readonly stream: NodeJS.WritableStream) {}

  update(progress: AuditProgress): void {
    const unit = UNIT[progress.phase];
    if (this.phase !== progress.phase) {
      this.stop();
      this.phase = progress.phase;
      this.startedAt = Date.now();
      this.bar = new cliProgress.SingleBar(
        {
          stream: this.stream,
          format: `${unit.label} [{bar}] {percentage}% | {done} / {all} ${unit.unit} | {rate}/s | ETA {eta_formatted}`,
          hideCursor: false,
          clearOnComplete: false,
          fps: 5,
        },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(Math.max(1, progress.total), 0, this.payload(progress, unit.scale));
    }
    this.bar?.update(Math.min(progress.done, Math.max(1, progress.total)), this.payload(progress, unit.scale));
  }

  stop(): void {
    this.bar?.stop();
    this.bar = undefined;
    this.phase = undefined;
  }

  private payload(progress: AuditProgress, scale: number): Record<string, string> {
    const seconds = (Date.now() - this.startedAt) / 1000;
    const digits = scale === 1 ? 0 : 1;
    const number = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: digits });
    return {
      done: number(progress.done / scale),
      all: number(progress.total / scale),
      // A rate over the first fraction of a second is noise (the first megabyte "at 1,000 MB/s"): shown from then on.
      rate: seconds < MIN_RATE_SECONDS ? '-' : number(progress.done / scale / seconds),
    };
  }
}
