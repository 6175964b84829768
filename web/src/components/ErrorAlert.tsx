import type { CombinedError } from 'urql';
import { errorMessage } from '../viewer';

/** An error where it happened, announced to screen readers; nothing without one. */
export function ErrorAlert({ error, id }: { error: CombinedError | string | null | undefined; id?: string }) {
  if (!error) return null;
  return (
    <p role="alert" className="error" id={id}>
      {typeof error === 'string' ? error : errorMessage(error)}
    </p>
  );
}
