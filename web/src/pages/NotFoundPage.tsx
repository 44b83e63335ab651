import { Link } from "../state/router";

export function NotFoundPage() {
  return (
    <div className="not-found">
      <h1 id="page-title" tabIndex={-1}>
        Page not found
      </h1>
      <p className="muted">There is nothing at this address.</p>
      <Link to="/dashboard">Go to the dashboard</Link>
    </div>
  );
}
