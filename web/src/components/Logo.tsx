export function Logo({ className = "brand__logo" }: { className?: string }) {
  return (
    <svg className={className} viewBox="0 0 32 32" aria-hidden="true" focusable="false">
      <rect width="32" height="32" rx="7" fill="#0f1720" />
      <path d="M7 22l6-7 4 4 8-10" fill="none" stroke="#22c55e" strokeWidth="3" strokeLinecap="round" strokeLinejoin="round" />
      <circle cx="25" cy="9" r="2.5" fill="#38bdf8" />
    </svg>
  );
}
