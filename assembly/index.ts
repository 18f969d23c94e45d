// Every kernel the wasm backend can call: those of forward computation (infer.ts, which
// kusari/infer loads alone) and those of gradients and optimizer updates.
export * from './infer';

export { sum_squares_f32 } from './reduce';
export { scatter_add_f32, scatter_add_i32 } from './indexing';
export { softmax_grad_f32, log_softmax_grad_f32 } from './softmax';
export { recurrence_f32 } from './scan';
export { max_pool_grad_f32 } from './pooling';
export { embed_scatter_add_f32, embed_scatter_scratch } from './embed';
export { batch_norm_backward_f32, row_standardize_backward_f32 } from './normalization';
export { lstm_backward_f32 } from './rnn';
export { softmax_cross_entropy_grad_f32 } from './loss';

// optimizer kernels
export { sgd_update, momentum_sgd_update, nesterov_ag_update, adam_update, amsgrad_update, adabound_update, amsbound_update, corrected_momentum_sgd_update, rmsprop_graves_update, smorms3_update, msvag_update, ada_grad_update, ada_delta_update, rmsprop_update, rmsprop_eps_inside_sqrt_update } from './optimizers';
