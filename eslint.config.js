// Lint configuration: typescript-eslint's recommended rules, with `any` forbidden in src/.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  // Generated code (golden JS snapshots) and non-Atlas sources are not linted as project code.
  { ignores: ["dist/**", "node_modules/**", "tests/corpus/**", "tests/codegen/**", "bench/baselines/**", "bench/programs/**"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
      "no-constant-condition": ["error", { checkLoops: false }],
    },
  },
  {
    // Plain Node.js scripts: the launcher, this file and the raw-Node benchmark baselines.
    files: ["bin/**/*.js", "eslint.config.js", "bench/**/*.js", "bench/**/*.mjs"],
    languageOptions: {
      globals: {
        process: "readonly",
        console: "readonly",
        performance: "readonly",
        setTimeout: "readonly",
        clearTimeout: "readonly",
        setImmediate: "readonly",
        queueMicrotask: "readonly",
        AbortController: "readonly",
        Buffer: "readonly",
      },
    },
    // Some baselines also declare these in a `/* global */` comment; that is not an error.
    rules: { "no-redeclare": ["error", { builtinGlobals: false }] },
  },
);
