/** Joins the truthy class names: `classNames("btn", primary && "btn--primary")`. */
export function classNames(...names: (string | false | null | undefined)[]): string {
  return names.filter(Boolean).join(" ");
}
