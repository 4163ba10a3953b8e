// The node id: what edges, expressions and history name; renamed everywhere at once.
import { useEffect, useState } from "react";
import { useWorkflow } from "../store/workflow";

export function IdField({ id }: { id: string }) {
  const [text, setText] = useState(id);
  const [error, setError] = useState<string | null>(null);
  const rename = useWorkflow((s) => s.renameNodeId);
  useEffect(() => { setText(id); setError(null); }, [id]);
  const apply = () => {
    if (text === id) return;
    const problem = rename(id, text);
    setError(problem);
  };
  return (
    <div className="sy-field">
      <div className="sy-field__label">Id</div>
      <input className={`sy-input sy-mono${error ? " is-invalid" : ""}`} aria-label="Node id" value={text}
        onChange={(e) => setText(e.target.value)} onBlur={apply} onKeyDown={(e) => { if (e.key === "Enter") apply(); }} />
      {error && <div className="sy-field__error">{error}</div>}
    </div>
  );
}
