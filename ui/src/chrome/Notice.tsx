// A short-lived message: a refused connection, a saved file.
import { useEffect } from "react";
import { useWorkflow } from "../store/workflow";

export function Notice() {
  const notice = useWorkflow((s) => s.notice);
  useEffect(() => {
    if (!notice) return;
    const t = setTimeout(() => useWorkflow.setState({ notice: null }), 4000);
    return () => clearTimeout(t);
  }, [notice]);
  if (!notice) return null;
  return <div className={`sy-notice sy-notice--${notice.kind}`} role="status" data-testid="notice">{notice.text}</div>;
}
