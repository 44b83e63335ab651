import type { ReactNode } from "react";
import { classNames } from "./classNames";

interface CardProps {
  title?: ReactNode;
  /** Buttons or links shown at the right of the title. */
  actions?: ReactNode;
  className?: string;
  children: ReactNode;
  /** Heading level of the title: 1 when the card is the page (sign-in), 2 under a page's h1. */
  level?: 1 | 2 | 3;
  id?: string;
}

export function Card({ title, actions, className, children, level = 2, id }: CardProps) {
  const Heading = level === 1 ? "h1" : level === 2 ? "h2" : "h3";
  const headingId = id ? `${id}-title` : undefined;
  return (
    <section className={classNames("card", className)} id={id} aria-labelledby={headingId}>
      {(title || actions) && (
        <header className="card__header">
          {title && (
            <Heading className="card__title" id={headingId}>
              {title}
            </Heading>
          )}
          {actions && <div className="card__actions">{actions}</div>}
        </header>
      )}
      <div className="card__body">{children}</div>
    </section>
  );
}
