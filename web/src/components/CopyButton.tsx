import { useState } from "react";
import { Button } from "./Button";

/** Copies `text` to the clipboard and says so for a moment. */
export function CopyButton({ text, label = "Copy" }: { text: string; label?: string }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 2000);
    } catch {
      setCopied(false);
    }
  };
  return (
    <Button size="sm" variant="ghost" onClick={() => void copy()} aria-live="polite">
      {copied ? "Copied ✓" : label}
    </Button>
  );
}
