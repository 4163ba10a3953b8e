// Every keyboard shortcut, in one list that the help overlay shows.
export interface Shortcut {
  keys: string;
  does: string;
}

export const SHORTCUTS: Shortcut[] = [
  { keys: "Tab / double-click", does: "Add a node at the pointer (Tab on a selected node: the next node after it, connected)" },
  { keys: "Drag from the palette", does: "Add a node where you drop it" },
  { keys: "Delete / Backspace", does: "Delete the selection" },
  { keys: "Ctrl+C / Ctrl+V", does: "Copy / paste the selection as workflow JSON" },
  { keys: "Ctrl+D", does: "Duplicate the selection" },
  { keys: "D", does: "Disable / enable the selected nodes" },
  { keys: "Ctrl+A", does: "Select everything" },
  { keys: "Shift+drag", does: "Box-select" },
  { keys: "Ctrl+Z", does: "Undo" },
  { keys: "Ctrl+Shift+Z / Ctrl+Y", does: "Redo" },
  { keys: "Ctrl+N", does: "New workflow" },
  { keys: "Ctrl+O", does: "Open a workflow file…" },
  { keys: "Ctrl+S", does: "Save (asks where when the workflow has no file yet)" },
  { keys: "Ctrl+Shift+S", does: "Save as…" },
  { keys: "Ctrl+Enter", does: "Run once (right-click a node: run it alone, or up to it)" },
  { keys: "Shift+T", does: "Tidy up (auto-layout)" },
  { keys: "N", does: "Add a sticky note at the pointer" },
  { keys: "F", does: "Fit the workflow in view" },
  { keys: "G", does: "Snap to grid on / off" },
  { keys: "?", does: "Show this help" },
  { keys: "Esc", does: "Close overlays, clear the selection" },
];
