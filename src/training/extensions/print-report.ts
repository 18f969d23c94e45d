// PrintReport: prints the entries of a LogReport's log as aligned columns, one row per
// log entry (chainer.training.extensions.PrintReport). Columns are at least 10 wide,
// numbers formatted like Python's '{:<10g}'.
import type { Serializer } from '../../serializers/serializer';
import { Extension } from '../extension';
import type { Trainer } from '../trainer';
import { formatG } from '../util/python';
import { LogReport } from './log-report';
import { type TextOut, type Writer, writerFor } from './output';
import { type ArgumentsOf, readArguments } from '../../util/options';

export interface PrintReportOptions {
  /** The LogReport to print: its name in the trainer (default 'LogReport') or the object itself. */
  logReport?: string | LogReport;
  /** Where to print (default stdout, or the console in browsers). */
  out?: TextOut;
}

function formatValue(v: unknown): string {
  if (typeof v === 'number') return formatG(v);
  return String(v);
}

export class PrintReport extends Extension {
  private readonly entries: readonly string[];
  private readonly logReport: string | LogReport;
  private readonly out: Writer;
  private header: string | null;
  private readonly widths: number[];
  private printed = 0;

  constructor(entries: readonly string[], ...args: ArgumentsOf<PrintReportOptions>) {
    super();
    const options = readArguments<PrintReportOptions>('PrintReport', args, ['logReport', 'out'], ['logReport', 'out']);
    if (!Array.isArray(entries) || !entries.every((e) => typeof e === 'string')) {
      throw new TypeError('PrintReport: entries must be an array of observation keys');
    }
    this.entries = [...entries];
    this.logReport = options.logReport ?? 'LogReport';
    this.out = writerFor('PrintReport', options.out);
    this.widths = this.entries.map((e) => Math.max(10, e.length));
    this.header = `${this.entries.map((e, i) => e.padEnd(this.widths[i])).join('  ')}\n`;
  }

  call(trainer: Trainer): void {
    if (this.header !== null) {
      this.out.write(this.header);
      this.header = null;
    }
    let logReport: LogReport;
    if (typeof this.logReport === 'string') {
      const ext = trainer.getExtension(this.logReport);
      if (!(ext instanceof LogReport)) throw new TypeError(`PrintReport: extension '${this.logReport}' is not a LogReport`);
      logReport = ext;
    } else if (this.logReport instanceof LogReport) {
      // A LogReport of our own is updated here, as it is not registered to the trainer.
      this.logReport.call(trainer);
      logReport = this.logReport;
    } else {
      throw new TypeError('PrintReport: logReport must be a LogReport or the name of one');
    }
    const log = logReport.log;
    while (log.length > this.printed) {
      // Clears what a progress bar drew below the cursor. Chainer writes the code to any
      // output but Windows' console (a file or a pipe gets it too); a browser's console
      // would show it as text.
      if (!this.out.console) this.out.write('\x1b[J');
      this.out.write(this.formatRow(log[this.printed]));
      this.printed++;
    }
  }

  /** One row: each entry left-aligned in its column followed by two spaces, blank if missing. */
  formatRow(observation: Record<string, unknown>): string {
    let row = '';
    this.entries.forEach((entry, i) => {
      const w = this.widths[i];
      row += entry in observation ? `${formatValue(observation[entry]).padEnd(w)}  ` : ' '.repeat(w + 2);
    });
    return `${row}\n`;
  }

  override serialize(s: Serializer): void {
    if (this.logReport instanceof LogReport) this.logReport.serialize(s.child('_log_report'));
  }
}
