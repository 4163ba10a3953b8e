import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist", "dist-e2e", "node_modules"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", destructuredArrayIgnorePattern: "^_" }],
    },
  },
  {
    files: ["e2e/**/*.mjs", "scripts/**/*.mjs", "bench/**/*.mjs"],
    languageOptions: { globals: { window: "readonly", document: "readonly", navigator: "readonly", HTMLElement: "readonly", process: "readonly", URL: "readonly", console: "readonly", fetch: "readonly",
      performance: "readonly", requestAnimationFrame: "readonly", getComputedStyle: "readonly", setTimeout: "readonly", clearTimeout: "readonly" } },
    rules: { "no-unused-vars": ["error", { varsIgnorePattern: "^_", argsIgnorePattern: "^_" }] },
  },
);
