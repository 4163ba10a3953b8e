// While a sign-in waits for the browser: the consent page as a link (should no browser have
// opened), the redirect URL a HubSpot app must list, and Cancel.
import { CopyButton } from "../chrome/CopyButton";
import type { SignInStarted } from "../ipc/types";

export function SignInWaiting({ started, service, onCancel }: {
  started: SignInStarted;
  service: string;
  onCancel: () => void;
}) {
  return (
    <div className="sy-creds__signin" role="status" data-testid="sign-in-waiting">
      <p className="sy-creds__signin-head"><span className="sy-spinner" aria-hidden="true" /> Waiting for the browser…</p>
      <p className="sy-muted">
        {started.browser_opened ? `Finish signing in to ${service} in the browser window that opened.` : `Open this page to sign in to ${service}:`}
      </p>
      <div className="sy-creds__signin-link">
        <a href={started.authorization_url} target="_blank" rel="noreferrer" data-testid="sign-in-link">{started.authorization_url}</a>
        <CopyButton text={started.authorization_url} label="Copy link" />
      </div>
      {service === "HubSpot" && (
        <p className="sy-creds__hint" data-testid="sign-in-redirect">
          Register this redirect URL in your HubSpot app: <code>{started.redirect_uri}</code>
        </p>
      )}
      <button type="button" className="sy-btn" onClick={onCancel}>Cancel</button>
    </div>
  );
}
