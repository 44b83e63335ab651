import { Button } from "./Button";

/** Page count for `total` items: at least one page. */
export function pageCount(total: number, perPage: number): number {
  return Math.max(1, Math.ceil(total / Math.max(1, perPage)));
}

interface PaginationProps {
  page: number;
  perPage: number;
  total: number;
  onPage: (page: number) => void;
  label?: string;
}

export function Pagination({ page, perPage, total, onPage, label = "Pagination" }: PaginationProps) {
  const pages = pageCount(total, perPage);
  const first = total === 0 ? 0 : (page - 1) * perPage + 1;
  const last = Math.min(total, page * perPage);
  return (
    <nav className="pagination" aria-label={label}>
      <span className="pagination__summary">
        {total === 0 ? "No results" : `${first}–${last} of ${total}`}
      </span>
      <div className="pagination__buttons">
        <Button size="sm" variant="ghost" disabled={page <= 1} onClick={() => onPage(page - 1)} aria-label="Previous page">
          ← Previous
        </Button>
        <span className="pagination__page" aria-current="page">
          Page {page} of {pages}
        </span>
        <Button size="sm" variant="ghost" disabled={page >= pages} onClick={() => onPage(page + 1)} aria-label="Next page">
          Next →
        </Button>
      </div>
    </nav>
  );
}
