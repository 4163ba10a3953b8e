// Prints the shipped templates as one JSON array of {file, text} (text kept byte for byte).
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const dir = process.argv[2];
const files = readdirSync(dir).filter((f) => f.endsWith(".flow.json")).sort();
const out = files.map((file) => ({ file, text: readFileSync(join(dir, file), "utf8") }));
process.stdout.write(JSON.stringify(out, null, 2) + "\n");
