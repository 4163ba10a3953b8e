import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The browser-test build (mock or bridge host) goes to its own folder so it can never be
// mistaken for the app's build, which the desktop binary embeds from dist/.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  clearScreen: false,
  server: { host: "127.0.0.1", port: 5173, strictPort: true },
  preview: { host: "127.0.0.1", port: 4173, strictPort: true },
  build: { outDir: mode === "e2e" ? "dist-e2e" : "dist", chunkSizeWarningLimit: 2000 },
}));
