// A list of items as a table (a column per top-level key) or as JSON, with a search filter; keys
// drag into expression fields as `{{ $json.key }}`.
import { useMemo, useState } from "react";
import type { JsonValue } from "../ipc/types";
import { itemsLabel } from "../store/progress";
import { dragKeyProps } from "./dragExpression";
import { ItemsJson } from "./ItemsJson";
import { cellOf, cellText, columnsOf, filterItems } from "./items";

interface Props {
  title: string;
  items: readonly JsonValue[];
  testId: string;
}

export function ItemsView({ title, items, testId }: Props) {
  const [asJson, setAsJson] = useState(false);
  const [search, setSearch] = useState("");
  const shown = useMemo(() => filterItems(items, search), [items, search]);
  const columns = useMemo(() => columnsOf(shown), [shown]);
  return (
    <section className="sy-items" data-testid={testId}>
      <header className="sy-items__head">
        <strong>{title}</strong>
        <span className="sy-muted">{search ? `${shown.length} of ${itemsLabel(items.length)}` : itemsLabel(items.length)}</span>
        <span className="sy-items__modes">
          <button className={`sy-chip${asJson ? "" : " is-on"}`} onClick={() => setAsJson(false)}>Table</button>
          <button className={`sy-chip${asJson ? " is-on" : ""}`} onClick={() => setAsJson(true)}>JSON</button>
        </span>
      </header>
      {items.length > 0 && (
        <input className="sy-search sy-items__search" placeholder="Search items" aria-label={`Search ${title}`}
          value={search} onChange={(e) => setSearch(e.target.value)} />
      )}
      {asJson ? (
        <ItemsJson items={shown} />
      ) : shown.length > 0 && (
        <div className="sy-items__scroll">
          <table className="sy-items__table">
            <thead><tr><th>#</th>{columns.map((c) => <th key={c} className="sy-items__key" {...dragKeyProps([c])}>{c}</th>)}</tr></thead>
            <tbody>
              {shown.map((item, i) => (
                <tr key={i}>
                  <td className="sy-muted">{i + 1}</td>
                  {columns.map((c) => {
                    const text = cellText(cellOf(item, c));
                    return <td key={c} title={text}>{text}</td>;
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
