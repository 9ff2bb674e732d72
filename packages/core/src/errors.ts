/**
 * Every error the library throws on purpose is a ConstantAttentionError with a stable `code`,
 * so callers can branch on the kind of mistake without parsing messages.
 */
export type ErrorCode =
  | 'SHAPE_MISMATCH'
  | 'RANK_MISMATCH'
  | 'DTYPE_MISMATCH'
  | 'INVALID_ARGUMENT'
  | 'INVALID_INPUT_VALUE'
  | 'GRAPH_INVALID'
  | 'UNKNOWN_FEED'
  | 'MISSING_FEED'
  | 'BACKEND_UNAVAILABLE'
  | 'BACKEND_NOT_REGISTERED'
  | 'BACKEND_FAILURE'
  | 'MALFORMED_MODEL'
  | 'MALFORMED_FILE'
  | 'DISPOSED';

export class ConstantAttentionError extends Error {
  readonly code: ErrorCode;
  constructor(code: ErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    // A literal, not new.target.name: minifiers rename classes, and callers match on `name`.
    this.name = 'ConstantAttentionError';
  }
}

export class ShapeError extends ConstantAttentionError {
  override readonly name = 'ShapeError';
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}

export class RankError extends ConstantAttentionError {
  override readonly name = 'RankError';
  constructor(message: string) {
    super('RANK_MISMATCH', message);
  }
}

export class DTypeError extends ConstantAttentionError {
  override readonly name = 'DTypeError';
  constructor(message: string) {
    super('DTYPE_MISMATCH', message);
  }
}

export class InvalidArgumentError extends ConstantAttentionError {
  override readonly name = 'InvalidArgumentError';
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** A feed whose values are unusable, e.g. NaN where a finite number or -inf is required. */
export class InvalidInputValueError extends ConstantAttentionError {
  override readonly name = 'InvalidInputValueError';
  constructor(message: string) {
    super('INVALID_INPUT_VALUE', message);
  }
}

export class GraphError extends ConstantAttentionError {
  override readonly name = 'GraphError';
  constructor(message: string) {
    super('GRAPH_INVALID', message);
  }
}

export class FeedError extends ConstantAttentionError {
  override readonly name = 'FeedError';
  constructor(code: 'UNKNOWN_FEED' | 'MISSING_FEED', message: string) {
    super(code, message);
  }
}

export class BackendUnavailableError extends ConstantAttentionError {
  override readonly name = 'BackendUnavailableError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND_UNAVAILABLE', message, options);
  }
}

export class BackendNotRegisteredError extends ConstantAttentionError {
  override readonly name = 'BackendNotRegisteredError';
  constructor(message: string) {
    super('BACKEND_NOT_REGISTERED', message);
  }
}

/** A runtime failed while executing a graph that passed validation; wraps the runtime's own error. */
export class BackendFailureError extends ConstantAttentionError {
  override readonly name = 'BackendFailureError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND_FAILURE', message, options);
  }
}

export class MalformedModelError extends ConstantAttentionError {
  override readonly name = 'MalformedModelError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('MALFORMED_MODEL', message, options);
  }
}

export class MalformedFileError extends ConstantAttentionError {
  override readonly name = 'MalformedFileError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('MALFORMED_FILE', message, options);
  }
}

export class DisposedError extends ConstantAttentionError {
  override readonly name = 'DisposedError';
  constructor(message: string) {
    super('DISPOSED', message);
  }
}
