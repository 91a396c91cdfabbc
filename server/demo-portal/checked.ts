import { isDomainError, type DomainError } from '../../domain/errors.js';

/** A value read from a form, or the codec's error about it. */
export type Checked<T> = { value: T; error: null } | { value: null; error: DomainError };

/** Runs a codec on form input, turning its DomainError into a value the page can show; other errors are bugs and propagate. */
export function checked<T>(read: () => T): Checked<T> {
  try {
    return { value: read(), error: null };
  } catch (error) {
    if (isDomainError(error)) return { value: null, error };
    throw error;
  }
}
