// The graph behind an output, as chainer.computational_graph: every variable and function
// node backward-reachable from the outputs, dumped as Graphviz DOT.
import { Variable } from '../core/variable';
import { FunctionNode } from '../core/function-node';
import { readOptions, showValue } from '../util/options';

export type GraphNode = Variable | FunctionNode;
export type Style = Record<string, string>;

/** Chainer's default styles: grey octagons for variables, blue records for functions. */
export const VARIABLE_STYLE: Style = { shape: 'octagon', fillcolor: '#E0E0E0', style: 'filled' };
export const FUNCTION_STYLE: Style = { shape: 'record', fillcolor: '#6495ED', style: 'filled' };

export type RankDir = 'TB' | 'BT' | 'LR' | 'RL';

export interface GraphOptions {
  /** DOT attributes of variable nodes (default VARIABLE_STYLE; null for none). */
  variableStyle?: Style | null;
  /** DOT attributes of function nodes (default FUNCTION_STYLE; null for none). */
  functionStyle?: Style | null;
  rankdir?: RankDir;
  /** Draw only the functions, connected directly. */
  removeVariable?: boolean;
  /** Prefix variable labels with their names (default true). */
  showName?: boolean;
}

/** A variable's label as Chainer's VariableNode.label: '(2, 3), float32', or the dtype for 0-d. */
export function variableLabel(v: Variable): string {
  if (!v.hasData) return 'None';
  const { shape, dtype } = v.array;
  return shape.length === 0 ? dtype : `(${shape.join(', ')}), ${dtype}`;
}

function escape(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

export class ComputationalGraph {
  readonly variableStyle: Style | null;
  readonly functionStyle: Style | null;
  readonly rankdir: RankDir;
  readonly removeVariable: boolean;
  readonly showName: boolean;
  private readonly ids = new Map<GraphNode, number>();

  constructor(readonly nodes: GraphNode[], readonly edges: [GraphNode, GraphNode][], options: GraphOptions = {}) {
    this.variableStyle = options.variableStyle === undefined ? VARIABLE_STYLE : options.variableStyle;
    this.functionStyle = options.functionStyle === undefined ? FUNCTION_STYLE : options.functionStyle;
    this.rankdir = options.rankdir ?? 'TB';
    if (!['TB', 'BT', 'LR', 'RL'].includes(this.rankdir)) throw new RangeError(`ComputationalGraph: rankdir must be TB, BT, LR or RL, got ${showValue(this.rankdir)}`);
    this.removeVariable = !!options.removeVariable;
    this.showName = options.showName ?? true;
    nodes.forEach((n, i) => this.ids.set(n, i));
  }

  private id(node: GraphNode): number {
    let id = this.ids.get(node);
    if (id === undefined) this.ids.set(node, id = this.ids.size);
    return id;
  }

  /** The label and attributes of a node, in Chainer's order: label, shape, then the style. */
  private nodeText(node: GraphNode): string {
    const attributes: Record<string, string> = {};
    if (node instanceof Variable) {
      attributes.label = this.showName && node.name !== null ? `${node.name}: ${variableLabel(node)}` : variableLabel(node);
      attributes.shape = 'oval';
      Object.assign(attributes, this.variableStyle ?? {});
    } else {
      attributes.label = node.label;
      attributes.shape = 'box';
      Object.assign(attributes, this.functionStyle ?? {});
    }
    const body = Object.entries(attributes).map(([k, v]) => `${k}="${escape(String(v))}"`).join(',');
    return `${this.id(node)} [${body}];`;
  }

  /** Edges between functions only, for removeVariable. */
  private functionEdges(): [FunctionNode, FunctionNode][] {
    const inGraph = new Set(this.nodes);
    const out: [FunctionNode, FunctionNode][] = [];
    for (const node of this.nodes) {
      if (!(node instanceof FunctionNode)) continue;
      for (const x of node.inputs) if (x.creator && inGraph.has(x.creator)) out.push([x.creator, node]);
    }
    return out;
  }

  /** The graph as text; only 'dot' (Graphviz) is supported. */
  dump(format = 'dot'): string {
    if (format !== 'dot') throw new RangeError(`ComputationalGraph.dump: only the 'dot' format is supported, got '${format}'`);
    let ret = `digraph graphname{rankdir=${this.rankdir};`;
    for (const node of this.nodes) {
      if (node instanceof Variable && this.removeVariable) continue;
      ret += this.nodeText(node);
    }
    const drawn = new Set<string>();
    const edges = this.removeVariable ? this.functionEdges() : this.edges;
    for (const [head, tail] of edges) {
      const edge = `${this.id(head)} -> ${this.id(tail)};`;
      if (drawn.has(edge)) continue;
      drawn.add(edge);
      ret += edge;
    }
    return `${ret}}`;
  }
}

/**
 * The graph of functions and variables backward-reachable from `outputs` (Variables or
 * FunctionNodes), as chainer.computational_graph.build_computational_graph. Nodes come
 * in the order they are reached from the outputs; edges point forward (input -> function
 * -> output).
 */
export function build(outputs: GraphNode | readonly GraphNode[], options: GraphOptions = {}): ComputationalGraph {
  options = readOptions('computationalGraph.build', options, ['variableStyle', 'functionStyle', 'rankdir', 'removeVariable', 'showName']);
  const list = Array.isArray(outputs) ? outputs as readonly GraphNode[] : [outputs as GraphNode];
  const nodes = new Set<GraphNode>();
  const edges: [GraphNode, GraphNode][] = [];
  const seenEdges = new Map<GraphNode, Set<GraphNode>>();
  const addEdge = (head: GraphNode, tail: GraphNode): boolean => {
    let tails = seenEdges.get(head);
    if (!tails) seenEdges.set(head, tails = new Set());
    if (tails.has(tail)) return false;
    tails.add(tail);
    edges.push([head, tail]);
    return true;
  };
  const stack: GraphNode[] = [];
  for (const o of list) {
    if (!(o instanceof Variable) && !(o instanceof FunctionNode)) throw new TypeError('computationalGraph.build: outputs must be Variables or FunctionNodes');
    nodes.add(o);
    stack.push(o);
  }
  while (stack.length) {
    const cand = stack.shift()!;
    if (cand instanceof Variable) {
      const creator = cand.creator;
      if (creator && addEdge(creator, cand)) {
        nodes.add(creator);
        stack.push(creator);
      }
    } else {
      for (const x of cand.inputs) {
        if (addEdge(x, cand)) {
          nodes.add(x);
          stack.push(x);
        }
      }
    }
  }
  return new ComputationalGraph([...nodes], edges, options);
}

/** Chainer's name for build(). */
export const buildComputationalGraph = build;
