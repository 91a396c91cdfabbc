/**
 * The one error the domain throws for bad input. `field` names what was wrong (e.g. `billNo`,
 * `amount`), `rule` names the rule it broke (e.g. `length`, `digits`, `month_range`), and the
 * message says it in words. The server maps it to a 422 problem+json in one place.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';

  constructor(
    readonly field: string,
    readonly rule: string,
    message: string,
  ) {
    super(message);
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}

/**
 * Runs `action` and returns its value, or the DomainError it threw: for callers that turn bad
 * input into a message or a boolean instead of an exception. Any other error still propagates.
 */
export function catchDomainError<T>(action: () => T): T | DomainError {
  try {
    return action();
  } catch (error) {
    if (isDomainError(error)) return error;
    throw error;
  }
}
