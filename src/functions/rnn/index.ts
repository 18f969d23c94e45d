export { lstm, LSTM, LSTMGrad } from './lstm';
