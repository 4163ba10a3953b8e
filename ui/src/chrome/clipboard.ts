// The system clipboard, with an in-page copy for when the browser refuses access.
let fallback = "";

export async function writeClipboard(text: string): Promise<void> {
  fallback = text;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    // Permission refused: the in-page copy still serves paste within the app.
  }
}

export async function readClipboard(): Promise<string> {
  try {
    const text = await navigator.clipboard.readText();
    return text || fallback;
  } catch {
    return fallback;
  }
}
