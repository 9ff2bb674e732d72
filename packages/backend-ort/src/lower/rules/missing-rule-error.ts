import { InvalidArgumentError } from '@constant-attention/core';

/** A node whose op has no rule in the table, nor in a pass of the profile lowering it. */
export class MissingLoweringRuleError extends InvalidArgumentError {
  constructor(
    readonly op: string,
    readonly profile: string,
  ) {
    super(`backend-ort: no ONNX lowering rule for op '${op}' (device profile '${profile}')`);
  }
}
