// The toolbar's File menu: New, Open…, Save, Save as…, with their shortcuts.
import { useEffect, useRef, useState } from "react";
import { newWorkflow, openWithDialog, save, saveAs } from "../files/actions";

const ITEMS = [
  { label: "New", keys: "Ctrl+N", run: newWorkflow },
  { label: "Open…", keys: "Ctrl+O", run: openWithDialog },
  { label: "Save", keys: "Ctrl+S", run: save },
  { label: "Save as…", keys: "Ctrl+Shift+S", run: saveAs },
];

export function FileMenu() {
  const [open, setOpen] = useState(false);
  const root = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => { if (!root.current?.contains(e.target as Node)) setOpen(false); };
    window.addEventListener("mousedown", close);
    return () => window.removeEventListener("mousedown", close);
  }, [open]);
  return (
    <div className="sy-menu" ref={root}>
      <button className="sy-btn sy-btn--ghost" aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>File ▾</button>
      {open && (
        <div className="sy-menu__list" role="menu" aria-label="File">
          {ITEMS.map((item) => (
            <button key={item.label} className="sy-menu__item" role="menuitem"
              onClick={() => { setOpen(false); void item.run(); }}>
              <span>{item.label}</span><kbd>{item.keys}</kbd>
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
