// The add-node menu opened by double-click or Tab at the pointer.
import { useEffect, useRef, useState } from "react";
import { colorOf, glyphOf } from "../canvas/kind";
import { useCatalog } from "../store/catalog";
import { useUi } from "../store/ui";
import { chainFrom } from "./chain";
import { useWorkflow } from "../store/workflow";
import { matches } from "./search";

export function QuickAdd() {
  const at = useUi((s) => s.quickAdd);
  const close = useUi((s) => s.closeQuickAdd);
  const nodes = useCatalog((s) => s.nodes);
  const [query, setQuery] = useState("");
  const [active, setActive] = useState(0);
  const input = useRef<HTMLInputElement>(null);
  useEffect(() => { setQuery(""); setActive(0); input.current?.focus(); }, [at]);
  if (!at) return null;
  const list = nodes.filter((n) => matches(n, query));
  const add = (type: string) => {
    const after = at.after ? chainFrom(at.after) : null;
    const id = useWorkflow.getState().addNode(type, after?.position ?? [at.flow.x - 100, at.flow.y - 32]);
    if (id && after) after.connect(id);
    close();
  };
  return (
    <div className="sy-quickadd" style={{ left: at.screen.x, top: at.screen.y }} role="dialog" aria-label="Add a node">
      <input ref={input} className="sy-search" placeholder="Add a node…" value={query}
        onChange={(e) => { setQuery(e.target.value); setActive(0); }}
        onKeyDown={(e) => {
          if (e.key === "Escape") close();
          else if (e.key === "ArrowDown") setActive((a) => Math.min(a + 1, list.length - 1));
          else if (e.key === "ArrowUp") setActive((a) => Math.max(a - 1, 0));
          else if (e.key === "Enter" && list[active]) add(list[active].type);
        }}
        onBlur={() => setTimeout(close, 150)} />
      <ul>
        {list.map((d, i) => (
          <li key={d.type} className={i === active ? "is-active" : ""} onMouseDown={(e) => { e.preventDefault(); add(d.type); }}>
            <span className="sy-palette__icon" style={{ background: colorOf(d) }}>{glyphOf(d.type)}</span>{d.label}
          </li>
        ))}
      </ul>
    </div>
  );
}
