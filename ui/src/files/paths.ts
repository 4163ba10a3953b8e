// File paths as the host gives them: absolute, with the platform's separator.

function separatorOf(folder: string): string {
  return folder.includes("\\") && !folder.includes("/") ? "\\" : "/";
}

export function joinPath(folder: string, file: string): string {
  const sep = separatorOf(folder);
  return folder.endsWith(sep) ? `${folder}${file}` : `${folder}${sep}${file}`;
}

/** The path with `.flow.json` added when it has no `.json` extension. */
export function withFlowExtension(path: string): string {
  return /\.json$/i.test(path) ? path : `${path}.flow.json`;
}
