// DumpGraph: writes the computational graph of a reported variable (usually 'main/loss')
// as Graphviz DOT at the first iteration (chainer.training.extensions.DumpGraph). It keeps
// the graph of reported values (config.keepGraphOnReport) only until it has dumped it.
import * as io from '../../io/index';
import { config } from '../../core/config';
import { Variable } from '../../core/variable';
import type { Serializer } from '../../serializers/serializer';
import { build, type Style } from '../../computational-graph/computational-graph';
import { Extension } from '../extension';
import type { Trainer } from '../trainer';
import { type ArgumentsOf, readArguments } from '../../util/options';

export interface DumpGraphOptions {
  /** File name in the output directory (default 'cg.dot'). */
  filename?: string;
  variableStyle?: Style | null;
  functionStyle?: Style | null;
}

export class DumpGraph extends Extension {
  private readonly rootName: string;
  private readonly filename: string;
  private readonly variableStyle: Style | undefined;
  private readonly functionStyle: Style | undefined;
  private originalFlag: boolean | null = null;
  private flagCalled = false;
  /** The DOT text written (also kept where there is no file system). */
  dot: string | null = null;

  constructor(rootName: string, ...args: ArgumentsOf<DumpGraphOptions>) {
    super();
    const options = readArguments<DumpGraphOptions>('DumpGraph', args, ['filename', 'variableStyle', 'functionStyle'],
      ['filename', 'variableStyle', 'functionStyle']);
    this.rootName = rootName;
    this.filename = options.filename ?? 'cg.dot';
    // null is Chainer's None: the default styles (grey octagons, blue records), not none.
    this.variableStyle = options.variableStyle ?? undefined;
    this.functionStyle = options.functionStyle ?? undefined;
    // Fires at every iteration until the graph is dumped.
    this.trigger = () => !this.flagCalled;
  }

  override get defaultName(): string {
    return 'dump_graph';
  }

  override initialize(_trainer: Trainer): void {
    if (!this.flagCalled) {
      this.originalFlag = !!config.keepGraphOnReport;
      config.keepGraphOnReport = true;
    }
  }

  call(trainer: Trainer): void {
    if (this.flagCalled) return;
    try {
      const v = trainer.observation[this.rootName];
      if (!(v instanceof Variable)) {
        throw new TypeError(`DumpGraph: the observation '${this.rootName}' is ${v === undefined ? 'missing' : 'not a Variable'} (reported keys: ${Object.keys(trainer.observation).join(', ') || 'none'})`);
      }
      this.dot = build([v], { variableStyle: this.variableStyle, functionStyle: this.functionStyle }).dump('dot');
      if (io.hasFileSystem()) io.writeAtomic(io.joinPath(trainer.out, this.filename), this.dot, 'DumpGraph');
    } finally {
      config.keepGraphOnReport = this.originalFlag ?? false;
    }
    this.flagCalled = true;
  }

  override serialize(s: Serializer): void {
    this.originalFlag = s.value('_original_flag', this.originalFlag ?? false, 'bool');
    this.flagCalled = s.value('_flag_called', this.flagCalled, 'bool');
  }
}
