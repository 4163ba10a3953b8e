// One "Sign in with …" of the credential form: start it, wait for the host's `sign-in-finished`
// for that credential id, or cancel it.
import { useCallback, useEffect, useRef, useState } from "react";
import { describeError } from "../ipc/errors";
import { cancelSignIn, onSignInFinished, startSignIn } from "../ipc/signIn";
import type { NewCredential, SignInFinished, SignInStarted } from "../ipc/types";

export type SignInState =
  | { phase: "idle" }
  | { phase: "starting"; id: string }
  | { phase: "waiting"; started: SignInStarted };

export interface SignIn {
  state: SignInState;
  start: (credential: NewCredential) => Promise<void>;
  cancel: () => Promise<void>;
}

/** `onFinished` gets the host's verdict, or the refusal of `start_sign_in` (ok false). */
export function useSignIn(onFinished: (event: SignInFinished) => void): SignIn {
  const [state, setState] = useState<SignInState>({ phase: "idle" });
  // The id waited for, read by the event handler (subscribed once, before any sign-in starts).
  const pending = useRef<string | null>(null);
  const finished = useRef(onFinished);
  useEffect(() => { finished.current = onFinished; }, [onFinished]);

  useEffect(() => {
    let stop: (() => void) | null = null;
    let live = true;
    onSignInFinished((event) => {
      if (event.id !== pending.current) return;
      pending.current = null;
      setState({ phase: "idle" });
      finished.current(event);
    }).then((unlisten) => { if (live) stop = unlisten; else unlisten(); }).catch(() => undefined);
    return () => { live = false; stop?.(); };
  }, []);

  const start = useCallback(async (credential: NewCredential) => {
    pending.current = credential.id;
    setState({ phase: "starting", id: credential.id });
    try {
      const started = await startSignIn(credential);
      // Finished (or cancelled) before the answer came: nothing to wait for.
      if (pending.current === credential.id) setState({ phase: "waiting", started });
    } catch (e) {
      pending.current = null;
      setState({ phase: "idle" });
      finished.current({ id: credential.id, ok: false, message: describeError(e) });
    }
  }, []);

  const cancel = useCallback(async () => {
    const id = pending.current;
    // The user asked: the host's "cancelled" verdict is not shown as an error.
    pending.current = null;
    setState({ phase: "idle" });
    if (id !== null) await cancelSignIn(id).catch(() => undefined);
  }, []);

  return { state, start, cancel };
}
