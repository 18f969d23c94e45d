// chainer.computational_graph: the graph behind an output, as Graphviz DOT.
export { build, buildComputationalGraph, ComputationalGraph, variableLabel, VARIABLE_STYLE, FUNCTION_STYLE,
  type GraphNode, type GraphOptions, type Style, type RankDir } from './computational-graph';
