/**
 * Errors of the data access layer. Out-of-scope records raise NotFoundError, exactly like
 * records that do not exist (docs/domain/access.md#not-found). Codes are message keys of the catalogues.
 */
export class DomainError extends Error {
  constructor(
    public readonly code: string,
    public readonly fieldErrors: Record<string, string[]> = {},
  ) {
    super(code);
    this.name = 'DomainError';
  }
}

export class NotFoundError extends DomainError {
  constructor() {
    super('errors.notFound');
    this.name = 'NotFoundError';
  }
}

export class ConflictError extends DomainError {
  constructor(
    code = 'errors.conflict',
    fieldErrors: Record<string, string[]> = {},
    /** What the caller needs to retry (e.g. the record's current state), added to the API's 409 answer. */
    public readonly answer: Record<string, unknown> = {},
  ) {
    super(code, fieldErrors);
    this.name = 'ConflictError';
  }
}
