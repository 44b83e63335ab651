import { Button } from "./Button";
import { CopyButton } from "./CopyButton";

/** Saves text as a file through a temporary object URL (no inline data, so the CSP is unaffected). */
export function downloadText(filename: string, text: string, type = "text/plain"): void {
  downloadBlob(filename, new Blob([text], { type: `${type};charset=utf-8` }));
}

export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Ten one-use codes, shown once: copy or download them. */
export function RecoveryCodes({ codes }: { codes: string[] }) {
  const text = codes.join("\n");
  return (
    <div className="stack">
      <ul className="recovery-codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>{code}</li>
        ))}
      </ul>
      <div className="button-row">
        <CopyButton text={text} label="Copy codes" />
        <Button size="sm" variant="ghost" onClick={() => downloadText("draizer-recovery-codes.txt", `Draizer recovery codes (each works once)\n\n${text}\n`)}>
          Download .txt
        </Button>
      </div>
    </div>
  );
}
