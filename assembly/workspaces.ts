// Bytes of scratch per part that kernels take from their `work` argument, shared by the
// AssemblyScript kernels and the TypeScript backend (plain TypeScript both compilers accept).

export const enum Workspace {
  /** lstm_forward_f32: a padded tail block (64) and a gate transpose (64). */
  LstmForward = 128,
  /** lstm_backward_f32: staged tail blocks (224) and a gate transpose (64). */
  LstmBackward = 288,
}
