// OnceTrigger: fires once, at the first check (or before training with callOnResume
// after a resume), as chainer OnceTrigger.
import { type Serializer, valueOr } from '../../serializers/serializer';
import { type ArgumentsOf, checkBoolean, readArguments } from '../../util/options';

export class OnceTrigger {
  private flag: boolean;

  private readonly callOnResume: boolean;

  /** Chainer's (call_on_resume): positionally or as {callOnResume}. */
  constructor(...args: ArgumentsOf<{ callOnResume?: boolean }>) {
    const options = readArguments('OnceTrigger', args, ['callOnResume'], { callOnResume: false });
    this.callOnResume = checkBoolean('OnceTrigger', 'callOnResume', options.callOnResume);
    this.flag = true;
  }

  get finished(): boolean {
    return !this.flag;
  }

  call(): boolean {
    const flag = this.flag;
    this.flag = false;
    return flag;
  }

  /** Key as Chainer's: _flag_first (whether the first call is still to come). */
  serialize(s: Serializer): void {
    // a file without the flag (an older Chainer's): taken as already fired, as Chainer guesses
    this.flag = valueOr(s, '_flag_first', this.flag, false, 'bool');
    if (this.callOnResume && s.isLoading) this.flag = true;
  }
}
