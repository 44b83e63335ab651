import { ApiError, errorMessage } from "../api/problem";
import { Banner } from "./Banner";
import { Button } from "./Button";

/** What went wrong loading something, with the request id to quote and a retry. */
export function ErrorState({ error, onRetry, title = "Could not load this" }: { error: unknown; onRetry?: () => void; title?: string }) {
  const requestId = error instanceof ApiError ? error.problem.request_id : undefined;
  return (
    <Banner
      tone="danger"
      title={title}
      actions={
        onRetry && (
          <Button size="sm" onClick={onRetry}>
            Try again
          </Button>
        )
      }
    >
      {errorMessage(error)}
      {requestId && <span className="muted small"> (request {requestId})</span>}
    </Banner>
  );
}

/** A form's error summary, shown above the submit button. */
export function FormError({ error }: { error: unknown }) {
  if (!error) return null;
  return (
    <p className="form-error" role="alert">
      {errorMessage(error)}
    </p>
  );
}
