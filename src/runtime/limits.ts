// Runtime limits shared by both engines: the call-depth limit (language.md §6.7, §13.3.8).
// The capacity limits of stdlib.md §1.9 live in capacity.ts (stdlib owner) and are re-exported
// here so engine code has one place to import limits from.
export { STRING_LIMIT, ARRAY_LIMIT, COLLECTION_LIMIT, REPEAT_LIMIT, JSON_DEPTH_LIMIT } from "./capacity.js";

/** Maximum number of simultaneously active Atlas function activations (AT0008 beyond). */
export const MAX_CALL_DEPTH = 10_000;
