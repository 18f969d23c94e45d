export { lstm, LSTM, LSTMGrad } from './lstm';
export { nStepLstm } from './n-step-lstm';
