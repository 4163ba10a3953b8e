// "Sign in with HubSpot / Google": the host opens the consent page, waits for the browser to come
// back on loopback, stores the credential (tokens go to the keychain, never to the window) and
// then sends `sign-in-finished`.
import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { COMMANDS } from "./index";
import type { NewCredential, SignInFinished, SignInStarted } from "./types";

/** Sent once per sign-in, however it ends (connected, refused, cancelled, timed out). */
export const SIGN_IN_FINISHED = "sign-in-finished";

export function startSignIn(credential: NewCredential): Promise<SignInStarted> {
  return invoke<SignInStarted>(COMMANDS.startSignIn, { credential });
}

/** Resolves to false when no sign-in for `id` was waiting. */
export function cancelSignIn(id: string): Promise<boolean> {
  return invoke<boolean>(COMMANDS.cancelSignIn, { id });
}

export function onSignInFinished(handler: (event: SignInFinished) => void): Promise<UnlistenFn> {
  return listen<SignInFinished>(SIGN_IN_FINISHED, (e) => handler(e.payload));
}
