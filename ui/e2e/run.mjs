// `npm run e2e` after the e2e build: serves dist/ with `vite preview` on 127.0.0.1, runs the browser
// tests with node's test runner, then stops the server (whatever the outcome).
import { spawnSync } from "node:child_process";
import { startPreview } from "./support.mjs";

const server = await startPreview();
let status;
try {
  const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", "--test-timeout=120000", "e2e/tests/", "e2e/bridge/"],
    { stdio: "inherit", timeout: 15 * 60_000 });
  status = result.status ?? 1;
} finally {
  server.kill("SIGTERM");
}
process.exit(status);
