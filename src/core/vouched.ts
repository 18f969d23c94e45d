// Classes whose gradient handling the backward walk can vouch for. Without double backprop,
// the gradients flowing between function nodes in backward() are temporaries nobody else
// sees (as in Chainer, an intermediate's gradient is dropped unless retainGrad), and the walk
// recycles each once nothing can reach it (core/backward.ts). That holds only where the code
// that saw a gradient kept no reference to it: the function nodes and variables of kusari
// itself, listed here by their modules. A class not listed (a user's FunctionNode, a
// subclass of a listed one) may keep what it is given, so the walk recycles nothing it saw.

const vouched = new WeakSet<object>();

/**
 * Lists classes whose backward() (for a FunctionNode) or accumulateGrad() (for a Variable)
 * keeps no reference to the gradients it is given or the arrays it makes, beyond what it
 * returns or stores as a gradient.
 */
export function keepsNoGradients(...classes: readonly (abstract new (...args: never[]) => object)[]): void {
  for (const c of classes) vouched.add(c);
}

/** True when x's own class (not a subclass of it) is listed. */
export function vouchedFor(x: object): boolean {
  return vouched.has(x.constructor);
}
