// Stands in for training/reporter.ts in kusari/infer (scripts/build.mjs swaps it in): with
// no trainer to report to, L.Classifier's report of loss and accuracy goes nowhere, as
// Chainer's report() does outside a reporter's scope.

export function report(_values: Record<string, unknown>, _observer?: object | null): void {}
