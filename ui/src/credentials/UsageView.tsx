// Today's API usage per credential: requests, 429s, errors and the error rate against the 5 % line,
// and HubSpot's daily quota left when it is known.
import type { CredentialSummary, UsageDay } from "../ipc/types";
import { barScale, count, ERROR_RATE_LIMIT, formatRate, overLimit, quotaText } from "./form";

interface Props {
  usage: UsageDay[] | null;
  credentials: CredentialSummary[];
  error: string | null;
  onRefresh: () => void;
}

function RateBar({ rate }: { rate: number }) {
  const scale = barScale(rate);
  const over = overLimit(rate);
  return (
    <div className="sy-usage__rate">
      <div className={`sy-usage__bar${over ? " is-over" : ""}`} title={`error rate ${formatRate(rate)} (warns above 5 %)`}>
        <div className="sy-usage__fill" style={{ width: `${Math.min(100, (rate / scale) * 100)}%` }} />
        <div className="sy-usage__limit" style={{ left: `${(ERROR_RATE_LIMIT / scale) * 100}%` }} data-testid="usage-limit" />
      </div>
      <span className={`sy-usage__pct${over ? " is-over" : ""}`}>{formatRate(rate)}</span>
    </div>
  );
}

function QuotaLeft({ day, text }: { day: UsageDay; text: string }) {
  const left = (count(day.daily_remaining) ?? 0) / Math.max(1, count(day.daily_limit) ?? 1);
  return (
    <div className="sy-usage__quota">
      <div className={`sy-usage__bar sy-usage__bar--quota${left < 0.1 ? " is-over" : ""}`}>
        <div className="sy-usage__fill" style={{ width: `${Math.max(0, Math.min(100, left * 100))}%` }} />
      </div>
      <span>{text}</span>
    </div>
  );
}

export function UsageView({ usage, credentials, error, onRefresh }: Props) {
  const typeOf = new Map(credentials.map((c) => [c.id, c.type]));
  return (
    <div className="sy-usage" data-testid="usage">
      <div className="sy-usage__head">
        <h3>Today{usage && usage[0] ? ` · ${usage[0].day} (UTC)` : ""}</h3>
        <button className="sy-btn" onClick={onRefresh}>Refresh</button>
      </div>
      {error && <div className="sy-creds__error" role="alert">{error}</div>}
      {usage === null && !error && <p className="sy-muted">Loading…</p>}
      {usage !== null && usage.length === 0 && (
        <div className="sy-creds__empty" data-testid="usage-empty">
          <strong>No API usage today yet.</strong>
          <span>Requests, 429s, errors and HubSpot's daily quota show here per credential once a run has called an API.</span>
        </div>
      )}
      {usage !== null && usage.length > 0 && (
        <table className="sy-usage__table">
          <thead>
            <tr>
              <th>Credential</th><th className="is-num">Requests</th><th className="is-num">429s</th>
              <th className="is-num">Errors</th><th>Error rate <span className="sy-muted">(line at 5 %)</span></th><th>Daily quota left</th>
            </tr>
          </thead>
          <tbody>
            {usage.map((u) => {
              const quota = quotaText(u);
              const limited = count(u.rate_limited) ?? 0;
              return (
                <tr key={u.credential_id} data-testid={`usage-${u.credential_id}`}>
                  <td><div className="sy-mono sy-creds__id">{u.credential_id}</div><div className="sy-muted">{typeOf.get(u.credential_id) ?? ""}</div></td>
                  <td className="is-num">{(count(u.requests) ?? 0).toLocaleString("en-US")}</td>
                  <td className={`is-num${limited > 0 ? " is-warn" : ""}`}>{limited.toLocaleString("en-US")}</td>
                  <td className="is-num">{(count(u.errors) ?? 0).toLocaleString("en-US")}</td>
                  <td><RateBar rate={u.error_rate} /></td>
                  <td>{quota ? <QuotaLeft day={u} text={quota} /> : <span className="sy-muted">not announced</span>}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </div>
  );
}
