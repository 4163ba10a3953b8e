// A small "Copy" button that puts `text` on the clipboard and says so for a moment.
import { useEffect, useState } from "react";
import { writeClipboard } from "./clipboard";

const SHOWN_MS = 1500;

export function CopyButton({ text, label = "Copy", testId }: { text: string; label?: string; testId?: string }) {
  const [copied, setCopied] = useState(false);
  useEffect(() => {
    if (!copied) return;
    const timer = setTimeout(() => setCopied(false), SHOWN_MS);
    return () => clearTimeout(timer);
  }, [copied]);
  return (
    <button type="button" className="sy-btn sy-copy" data-testid={testId} aria-label={`${label}: ${text}`}
      onClick={() => void writeClipboard(text).then(() => setCopied(true))}>
      {copied ? "Copied" : label}
    </button>
  );
}
