// The node palette: the catalog, searchable and grouped; drag an entry onto the canvas.
import { useState, type DragEvent } from "react";
import { DRAG_MIME } from "../canvas/Canvas";
import { colorOf, glyphOf, GROUP_LABEL } from "../canvas/kind";
import { useCatalog } from "../store/catalog";
import { grouped } from "./search";

export function Palette() {
  const nodes = useCatalog((s) => s.nodes);
  const [query, setQuery] = useState("");
  const onDragStart = (e: DragEvent, type: string) => {
    e.dataTransfer.setData(DRAG_MIME, type);
    e.dataTransfer.effectAllowed = "move";
  };
  return (
    <aside className="sy-palette" aria-label="Nodes">
      <input className="sy-search" type="search" placeholder="Search nodes…" value={query}
        onChange={(e) => setQuery(e.target.value)} aria-label="Search nodes" />
      <div className="sy-palette__list">
        {grouped(nodes, query).map(([group, list]) => (
          <section key={group} className="sy-palette__group">
            <h3>{GROUP_LABEL[group]}</h3>
            {list.map((d) => (
              <div key={d.type} className="sy-palette__item" draggable onDragStart={(e) => onDragStart(e, d.type)}
                data-node-type={d.type} title={d.description}>
                <span className="sy-palette__icon" style={{ background: colorOf(d) }}>{glyphOf(d.type)}</span>
                <span className="sy-palette__text">
                  <span className="sy-palette__label">{d.label}</span>
                  <span className="sy-palette__desc">{d.description}</span>
                </span>
              </div>
            ))}
          </section>
        ))}
      </div>
    </aside>
  );
}
