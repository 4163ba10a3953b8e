// The dialog plugin's commands for the mock host: answers come from a queue the tests fill
// (`window.__switchyardDialogs.push(answer)`); every dialog shown is logged.
// With an empty queue a question is answered yes and a file dialog is cancelled.

/** An answer: a path (or null: cancelled) for open/save, true/false (yes/no) for a question. */
export type DialogAnswer = string | null | boolean;

export interface DialogCall {
  cmd: string;
  args: unknown;
}

declare global {
  interface Window {
    __switchyardDialogs?: DialogAnswer[];
    __switchyardDialogLog?: DialogCall[];
  }
}

type Buttons = string | { OkCancelCustom: [string, string] } | { OkCustom: string } | undefined;

/** The clicked button's label, as the plugin's `message` command returns it. */
function buttonLabel(buttons: Buttons, yes: boolean): string {
  if (buttons === "YesNo") return yes ? "Yes" : "No";
  if (buttons === "OkCancel") return yes ? "Ok" : "Cancel";
  if (buttons && typeof buttons === "object" && "OkCancelCustom" in buttons) return buttons.OkCancelCustom[yes ? 0 : 1];
  return "Ok";
}

function isQuestion(buttons: Buttons): boolean {
  return buttons === "YesNo" || buttons === "OkCancel" || (typeof buttons === "object" && "OkCancelCustom" in buttons);
}

export function installDialogQueue(): void {
  window.__switchyardDialogs = [];
  window.__switchyardDialogLog = [];
}

/**
 * The answer to a `plugin:dialog|…` command; `handled` is false for any other command. Shaped as
 * bridge.ts's `answerLocally`, so the bridge host can use it as well.
 */
export function answerDialog(cmd: string, args: unknown): { handled: boolean; value?: unknown } {
  if (!cmd.startsWith("plugin:dialog|")) return { handled: false };
  window.__switchyardDialogLog?.push({ cmd, args });
  const queue = window.__switchyardDialogs ?? [];
  const next = (fallback: DialogAnswer) => (queue.length > 0 ? queue.shift() : fallback);
  switch (cmd) {
    case "plugin:dialog|open":
    case "plugin:dialog|save":
      return { handled: true, value: next(null) };
    case "plugin:dialog|ask": // older plugin versions invoked `ask` directly; 2.8 asks through `message`
      return { handled: true, value: next(true) };
    case "plugin:dialog|message": {
      const buttons = (args as { buttons?: Buttons }).buttons;
      // A plain message has nothing to answer: it leaves the queue alone.
      return { handled: true, value: buttonLabel(buttons, isQuestion(buttons) ? next(true) === true : true) };
    }
    default:
      throw new Error(`unknown dialog command ${cmd}`);
  }
}
