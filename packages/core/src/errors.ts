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
    this.name = new.target.name;
  }
}

export class ShapeError extends ConstantAttentionError {
  constructor(message: string) {
    super('SHAPE_MISMATCH', message);
  }
}

export class RankError extends ConstantAttentionError {
  constructor(message: string) {
    super('RANK_MISMATCH', message);
  }
}

export class DTypeError extends ConstantAttentionError {
  constructor(message: string) {
    super('DTYPE_MISMATCH', message);
  }
}

export class InvalidArgumentError extends ConstantAttentionError {
  constructor(message: string) {
    super('INVALID_ARGUMENT', message);
  }
}

/** A feed whose values are unusable, e.g. NaN where a finite number or -inf is required. */
export class InvalidInputValueError extends ConstantAttentionError {
  constructor(message: string) {
    super('INVALID_INPUT_VALUE', message);
  }
}

export class GraphError extends ConstantAttentionError {
  constructor(message: string) {
    super('GRAPH_INVALID', message);
  }
}

export class FeedError extends ConstantAttentionError {
  constructor(code: 'UNKNOWN_FEED' | 'MISSING_FEED', message: string) {
    super(code, message);
  }
}

export class BackendUnavailableError extends ConstantAttentionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND_UNAVAILABLE', message, options);
  }
}

export class BackendNotRegisteredError extends ConstantAttentionError {
  constructor(message: string) {
    super('BACKEND_NOT_REGISTERED', message);
  }
}

/** A runtime failed while executing a graph that passed validation; wraps the runtime's own error. */
export class BackendFailureError extends ConstantAttentionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('BACKEND_FAILURE', message, options);
  }
}

export class MalformedModelError extends ConstantAttentionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MALFORMED_MODEL', message, options);
  }
}

export class MalformedFileError extends ConstantAttentionError {
  constructor(message: string, options?: { cause?: unknown }) {
    super('MALFORMED_FILE', message, options);
  }
}

export class DisposedError extends ConstantAttentionError {
  constructor(message: string) {
    super('DISPOSED', message);
  }
}
