// One-line user descriptions of the builtins, keyed by name and grouped by the section of
// stdlib.md / async.md they belong to: the text source of docs/stdlib.md (docgen.ts). A new
// builtin needs an entry here (or a `doc` on its BuiltinDef); tests/unit/stdlib-docs.test.ts
// fails otherwise.
import { InternalBug } from "../runtime/errors.js";

/** A section of the reference, in document order. */
export interface DocSection {
  readonly id: string;
  readonly title: string;
  /** Where the normative text is. */
  readonly spec: string;
  /** One or two sentences shown under the heading. */
  readonly intro: string;
}

export const SECTIONS: readonly DocSection[] = [
  { id: "core", title: "Core", spec: "stdlib.md §2", intro: "Output, length, Display text and kind names." },
  {
    id: "string",
    title: "Strings",
    spec: "stdlib.md §3",
    intro: "Strings are immutable; every position and length counts code points (not UTF-16 units).",
  },
  {
    id: "array",
    title: "Arrays",
    spec: "stdlib.md §4",
    intro: "Only `push` changes its argument; every other function returns a new array. Callbacks see a snapshot.",
  },
  { id: "math", title: "Math", spec: "stdlib.md §5", intro: "IEEE-754 doubles; domain problems give NaN or ±Infinity, never an error." },
  { id: "json", title: "JSON", spec: "stdlib.md §6", intro: "`json` values are immutable JSON trees whose objects keep key order." },
  {
    id: "types",
    title: "Type predicates and conversions",
    spec: "stdlib.md §7",
    intro: "Predicates never fail and act as type guards in conditions.",
  },
  { id: "option", title: "Option and Result", spec: "stdlib.md §8", intro: "Constructors and helpers; `match` and `?` are in the language." },
  {
    id: "hashmap",
    title: "HashMap",
    spec: "stdlib.md §9.2",
    intro: "Mutable maps with Hashable keys (number, string, bool, null), iterated in insertion order.",
  },
  { id: "hashset", title: "HashSet", spec: "stdlib.md §9.3", intro: "Mutable sets of Hashable values, iterated in insertion order." },
  { id: "queue", title: "Queue", spec: "stdlib.md §9.4", intro: "Mutable first-in first-out queues." },
  { id: "stack", title: "Stack", spec: "stdlib.md §9.5", intro: "Mutable last-in first-out stacks." },
  {
    id: "regex",
    title: "Regular expressions",
    spec: "stdlib.md §10",
    intro: "ECMAScript syntax in Unicode mode; offsets count code points; `RegexFind` has `text`, `start`, `end`, `RegexMatch` adds `groups`.",
  },
  {
    id: "file",
    title: "File I/O",
    spec: "stdlib.md §12",
    intro: "Paths are relative to the working directory; failures raise AT0400 `<fn>: <CODE>: <reason>: <path>`. Guarded by the read/write permissions.",
  },
  {
    id: "fs",
    title: "File-system utilities",
    spec: "stdlib.md §13",
    intro: "As §12; these follow symlinks unless stated. Guarded by the read/write permissions.",
  },
  {
    id: "path",
    title: "Paths",
    spec: "stdlib.md §14",
    intro: "Pure string operations on POSIX-style paths, except `pathExists` and `pathCanonical` (read permission).",
  },
  {
    id: "process",
    title: "Process and environment",
    spec: "stdlib.md §15",
    intro: "Child processes need the run permission, environment variables the env permission.",
  },
  {
    id: "http",
    title: "HTTP client",
    spec: "stdlib.md §16",
    intro: "Synchronous HTTP/1.1 on a keep-alive pool: requests are immutable values; senders return `Err` only for transport failures and need the net permission.",
  },
  { id: "testing", title: "Testing", spec: "stdlib.md §17", intro: "Assertion failures raise AT0001 at the assertion's call. Run tests with `atlas test` (docs/testing.md)." },
  { id: "errors", title: "Error values", spec: "stdlib.md §18", intro: "`Error` values carry a code and a message; Display `CODE: message`." },
  {
    id: "futures",
    title: "Futures",
    spec: "async.md §A3",
    intro: "One-shot awaitable values (pending → resolved or rejected). Functions returning a Future never raise: they reject.",
  },
  {
    id: "tasks",
    title: "Tasks",
    spec: "async.md §A4",
    intro: "Concurrent tasks on one cooperative scheduler, with cancellation and structured task groups.",
  },
  { id: "timers", title: "Timers and time", spec: "async.md §A5", intro: "Sleeping, timers, timeouts, retries and clocks." },
  {
    id: "channels",
    title: "Channels and select",
    spec: "async.md §A6",
    intro: "FIFO channels shared by any number of tasks, and `select` over several channel operations.",
  },
  {
    id: "asyncfile",
    title: "Async file I/O",
    spec: "async.md §A7",
    intro: "Non-blocking twins of §12 with the same permissions; failures reject the future.",
  },
  {
    id: "asynchttp",
    title: "Async HTTP",
    spec: "async.md §A8",
    intro: "Non-blocking twins of §16 sharing one connection pool; only transport failures reject.",
  },
  { id: "sync", title: "Synchronisation", spec: "async.md §A9", intro: "FIFO-fair mutexes and counting semaphores for tasks." },
  { id: "observability", title: "Observability", spec: "async.md §A10", intro: "Runtime statistics." },
];

/** A builtin's place in the reference and its one-line description. */
export interface DocEntry {
  readonly section: string;
  readonly doc: string;
}

const entries = new Map<string, DocEntry>();

function group(section: string, docs: Record<string, string>): void {
  if (!SECTIONS.some((s) => s.id === section)) throw new InternalBug(`unknown docs section '${section}'`);
  for (const [name, doc] of Object.entries(docs)) {
    if (entries.has(name)) throw new InternalBug(`builtin '${name}' is described twice`);
    entries.set(name, { section, doc });
  }
}

group("core", {
  print: "Writes the Display text of any value and a newline to stdout.",
  len: "Number of code points of a string, or of elements of an array.",
  str: "Display text of any value (what `print` writes, without the newline).",
  typeof: 'Kind name of a value, e.g. `"number"`, `"string"`, `"array"`, `"option"` or `"builtin"`.',
});

group("string", {
  split: 'Splits at every occurrence of a separator; an empty separator gives one element per code point.',
  join: "Joins strings with a separator between them.",
  trim: "Removes leading and trailing Unicode white space.",
  trimStart: "Removes leading Unicode white space.",
  trimEnd: "Removes trailing Unicode white space.",
  indexOf: "Code point index of the first occurrence of a substring, or -1.",
  lastIndexOf: "Code point index of the last occurrence of a substring, or -1.",
  includes: "Whether a string contains a substring.",
  startsWith: "Whether a string begins with a prefix.",
  endsWith: "Whether a string ends with a suffix.",
  toUpperCase: "Full Unicode uppercase mapping (the length may change).",
  toLowerCase: "Full Unicode lowercase mapping, with the final-sigma rule.",
  substring: "Code points from `start` (inclusive) to `end` (exclusive); AT0006 when out of bounds.",
  charAt: "The code point at an index, as a string; AT0006 when out of bounds.",
  repeat: "A string repeated `count` times (at most 1,000,000).",
  replace: "Replaces the first occurrence of a literal substring.",
  padStart: "Pads the start with a cycled fill string up to a length in code points.",
  padEnd: "Pads the end with a cycled fill string up to a length in code points.",
});

group("array", {
  push: "Appends a value to an array in place.",
  pop: "`[last, rest]` as a new array; the array itself is unchanged.",
  shift: "`[first, rest]` as a new array; the array itself is unchanged.",
  unshift: "New array with a value followed by the elements.",
  reverse: "New array in reverse order.",
  concat: "New array: the elements of the first array, then of the second.",
  flatten: "New array of the elements of each inner array (one level).",
  slice: "New array of the elements `[start, end)`, indices clamped (negative values do not count from the end).",
  arrayIndexOf: "Index of the first element equal (`==`) to a value, or -1.",
  arrayLastIndexOf: "Index of the last element equal (`==`) to a value, or -1.",
  arrayIncludes: "Whether an element equal (`==`) to a value exists.",
  map: "New array of `f(x)` for each element.",
  filter: "New array of the elements for which the predicate is true.",
  reduce: "Left fold from an initial value.",
  forEach: "Calls a function for each element.",
  find: "First element satisfying the predicate, or `null`.",
  findIndex: "Index of the first element satisfying the predicate, or -1.",
  flatMap: "Concatenation of the arrays a function returns for each element.",
  some: "Whether some element satisfies the predicate.",
  every: "Whether every element satisfies the predicate.",
  sort: "New array, stably sorted with a comparator.",
  sortBy: "New array, stably sorted by a number or string key computed once per element.",
});

group("math", {
  abs: "Absolute value.",
  floor: "Largest integer not greater than x.",
  ceil: "Smallest integer not less than x.",
  round: "Nearest integer, ties to even.",
  sign: "-1 or 1 by sign; 0, -0 and NaN unchanged.",
  sqrt: "Square root (NaN for negative input).",
  log: "Natural logarithm.",
  sin: "Sine (radians).",
  cos: "Cosine (radians).",
  tan: "Tangent (radians).",
  asin: "Arcsine in radians (NaN outside [-1, 1]).",
  acos: "Arccosine in radians (NaN outside [-1, 1]).",
  atan: "Arctangent in radians.",
  min: "Smaller of two numbers, ignoring a NaN argument.",
  max: "Larger of two numbers, ignoring a NaN argument.",
  clamp: "A value limited to `[lo, hi]` (NaN when `lo > hi`).",
  pow: "`base` raised to `exp` (IEEE-754 `pow`).",
  random: "Uniform random number in [0, 1) (not seedable, not cryptographic).",
  PI: "The constant π.",
  E: "The constant e.",
  SQRT2: "The constant √2.",
  LN2: "The constant ln 2.",
  LN10: "The constant ln 10.",
});

group("json", {
  parseJSON: "Parses JSON text into a `json` value; AT0001 `Invalid JSON: … at line L, column C`.",
  toJSON: "Compact JSON text of null, bools, numbers, strings, json and arrays of these.",
  isValidJSON: "Whether a text is valid JSON.",
  prettifyJSON: "Re-prints JSON text indented by a number of spaces, keys in source order.",
  minifyJSON: "Re-prints JSON text in compact form.",
  jsonAsString: "The string inside a json string (AT0001 for another kind); also `j.as_string()`.",
  jsonAsNumber: "The number inside a json number (AT0001 for another kind); also `j.as_number()`.",
  jsonAsBool: "The bool inside a json bool (AT0001 for another kind); also `j.as_bool()`.",
  jsonIsNull: "Whether a json value is null (also a missing key); also `j.is_null()`.",
});

group("types", {
  isString: "Whether a value is a string.",
  isNumber: "Whether a value is a number (NaN included).",
  isBool: "Whether a value is a bool.",
  isNull: "Whether a value is `null`.",
  isArray: "Whether a value is an array.",
  isFunction: "Whether a value is callable (named, anonymous, builtin or host function).",
  isObject: "Whether a value is a json object.",
  isType: 'Whether `typeof(value)` is the given name (`"object"`: a json object).',
  hasField: "Whether a json object has a member, or a HashMap a string key, of that name.",
  hasMethod: "Same as `hasField`.",
  hasTag: 'Whether a json object or HashMap has `"tag"` equal to the given string.',
  toString: "Text form of any value; never fails (numbers in JSON number format).",
  toNumber: "Number from a number, bool or decimal string; AT0001 for other text.",
  toBool: "Truthiness: false for `false`, 0, -0, NaN, `\"\"` and `null`; true otherwise.",
  parseInt: "Integer from text in a radix from 2 to 36; AT0001 for invalid text.",
  parseFloat: "Number from decimal text (same grammar as `toNumber`); AT0001 for invalid text.",
});

group("option", {
  Some: "Wraps a value in `Some`.",
  None: "The empty Option (also callable: `None()`).",
  Ok: "A successful Result.",
  Err: "A failed Result.",
  is_some: "Whether an Option is `Some`.",
  is_none: "Whether an Option is `None`.",
  is_ok: "Whether a Result is `Ok`.",
  is_err: "Whether a Result is `Err`.",
  unwrap: "The value inside `Some`/`Ok`; AT0001 for `None`/`Err`.",
  unwrap_or: "The value inside `Some`/`Ok`, or a default.",
  expect: "The value inside `Some`/`Ok`; AT0001 with the given message otherwise.",
  result_ok: "`Ok(v)` → `Some(v)`, `Err` → `None`.",
  result_err: "`Err(e)` → `Some(e)`, `Ok` → `None`.",
  result_map: "Applies a function to an `Ok` value; an `Err` passes through.",
  result_map_err: "Applies a function to an `Err` value; an `Ok` passes through.",
  result_and_then: "Chains a Result-returning function on an `Ok` value.",
  result_or_else: "Recovers from an `Err` with a Result-returning function.",
});

group("hashmap", {
  hashMapNew: "A new empty map (key and value types from the expected type).",
  hashMapFromEntries: "A new map from `[key, value]` pairs.",
  hashMapPut: "Inserts or replaces an entry in place.",
  hashMapGet: "`Some(value)` for a key, or `None`.",
  hashMapRemove: "Removes a key in place; returns the removed value or `None`.",
  hashMapHas: "Whether a key is present.",
  hashMapSize: "Number of entries.",
  hashMapIsEmpty: "Whether the map has no entries.",
  hashMapClear: "Removes every entry in place.",
  hashMapKeys: "New array of the keys in insertion order.",
  hashMapValues: "New array of the values in insertion order.",
  hashMapEntries: "New array of `[key, value]` arrays in insertion order.",
  hashMapForEach: "Calls `f(value, key)` for each entry.",
  hashMapMap: "New map with the same keys and values `f(value, key)`.",
  hashMapFilter: "New map of the entries for which `pred(value, key)` is true.",
});

group("hashset", {
  hashSetNew: "A new empty set.",
  hashSetFromArray: "A new set of the distinct elements of an array.",
  hashSetAdd: "Adds a value in place (no effect if present).",
  hashSetRemove: "Removes a value in place; true if it was present.",
  hashSetHas: "Whether a value is in the set.",
  hashSetSize: "Number of elements.",
  hashSetIsEmpty: "Whether the set has no elements.",
  hashSetClear: "Removes every element in place.",
  hashSetUnion: "New set of the elements of either set.",
  hashSetIntersection: "New set of the elements of `a` that are also in `b`.",
  hashSetDifference: "New set of the elements of `a` not in `b`.",
  hashSetSymmetricDifference: "New set of the elements in exactly one of the sets.",
  hashSetIsSubset: "Whether every element of `a` is in `b`.",
  hashSetIsSuperset: "Whether every element of `b` is in `a`.",
  hashSetToArray: "New array of the elements in insertion order.",
  hashSetForEach: "Calls a function for each element.",
  hashSetMap: "New array of `f(x)` for each element.",
  hashSetFilter: "New set of the elements satisfying the predicate.",
});

group("queue", {
  queueNew: "A new empty queue.",
  queueEnqueue: "Adds a value at the back, in place.",
  queueDequeue: "Removes and returns the front value in place, or `None`.",
  queuePeek: "The front value without removing it, or `None`.",
  queueSize: "Number of values.",
  queueIsEmpty: "Whether the queue is empty.",
  queueClear: "Removes every value in place.",
  queueToArray: "New array of the values, front first.",
});

group("stack", {
  stackNew: "A new empty stack.",
  stackPush: "Pushes a value on top, in place.",
  stackPop: "Removes and returns the top value in place, or `None`.",
  stackPeek: "The top value without removing it, or `None`.",
  stackSize: "Number of values.",
  stackIsEmpty: "Whether the stack is empty.",
  stackClear: "Removes every value in place.",
  stackToArray: "New array of the values, bottom first.",
});

group("regex", {
  regexNew: "Compiles a pattern; `Err` with the syntax error for an invalid one.",
  regexNewWithFlags: "Compiles a pattern with flags `i`, `m`, `s`, `x`.",
  regexEscape: "Escapes a text so that it matches literally.",
  regexIsMatch: "Whether the pattern matches somewhere in a text.",
  regexFind: "The first match (`text`, `start`, `end`), or `None`.",
  regexFindAll: "Every non-overlapping match, left to right.",
  regexCaptures: "Groups of the first match (index 0: the whole match), or `None`.",
  regexCapturesNamed: "Named groups of the first match as a HashMap, or `None`.",
  regexReplace: "Replaces the first match (`$name`/`${name}` insert groups, `$$` is `$`).",
  regexReplaceAll: "Replaces every match (`$name`/`${name}` insert groups, `$$` is `$`).",
  regexReplaceWith: "Replaces the first match with the string a function returns for it.",
  regexReplaceAllWith: "Replaces every match with the string a function returns for it.",
  regexSplit: "The pieces of a text between matches (groups not included).",
  regexSplitN: "As `regexSplit`, with at most `limit` splits.",
  regexMatchIndices: "`[start, end]` of every match.",
  regexTest: "Compiles a pattern and tests a text (false for an invalid pattern).",
});

group("file", {
  readFile: "A whole UTF-8 file as text. Needs read permission.",
  writeFile: "Creates or atomically replaces a file with a text. Needs write permission.",
  appendFile: "Appends a text to a file, creating it if missing. Needs write permission.",
  fileExists: "Whether a path exists (following symlinks). Needs read permission.",
  readDir: "Entry names of a directory, sorted. Needs read permission.",
  createDir: "Creates a directory and its missing parents. Needs write permission.",
  removeFile: "Removes a file or symlink. Needs write permission.",
  removeDir: "Removes an empty directory. Needs write permission.",
  fileInfo: "`{size, modified, isFile, isDir}` of a path as json. Needs read permission.",
  pathJoin: "Joins path segments with `/`, without normalising.",
});

group("fs", {
  fsMkdir: "Creates one directory (the parent must exist). Needs write permission.",
  fsMkdirp: "Creates a directory and its missing parents. Needs write permission.",
  fsRmdir: "Removes an empty directory. Needs write permission.",
  fsRmdirRecursive: "Removes a directory and everything below it (symlinks not followed). Needs write permission.",
  fsReaddir: "Entry names of a directory, sorted. Needs read permission.",
  fsWalk: "Every descendant of a directory as relative paths, depth first, sorted. Needs read permission.",
  fsFilterEntries: "The names matching a `*` glob, in input order.",
  fsSortEntries: "Names sorted case-insensitively (stable).",
  fsSize: "Size of a file in bytes. Needs read permission.",
  fsMtime: "Modification time in seconds since the epoch. Needs read permission.",
  fsAtime: "Access time in seconds since the epoch. Needs read permission.",
  fsCtime: "Creation time (else status-change time) in seconds since the epoch. Needs read permission.",
  fsPermissions: "Permission bits (`mode & 0o777`). Needs read permission.",
  fsInode: "Inode number. Needs read permission.",
  fsIsDir: "Whether a path is a directory. Needs read permission.",
  fsIsFile: "Whether a path is a regular file. Needs read permission.",
  fsIsSymlink: "Whether a path itself is a symlink. Needs read permission.",
  fsTmpfile: "Creates an empty temporary file and returns its path. Needs write permission on the temp directory.",
  fsTmpdir: "Creates a temporary directory and returns its path. Needs write permission on the temp directory.",
  fsTmpfileNamed: "Creates an empty temporary file with a prefix and returns its path. Needs write permission on the temp directory.",
  fsGetTempDir: "The OS temp directory.",
  fsSymlink: "Creates a symlink `link` pointing to `target`. Needs write permission on `link`.",
  fsReadlink: "The stored target of a symlink (one level). Needs read permission.",
  fsResolveSymlink: "The absolute real path with every symlink resolved. Needs read permission.",
});

group("path", {
  pathJoinArray: "`pathJoin` over the non-empty segments of an array (`.` when none).",
  pathParse: "HashMap of `root`, `dir`, `base`, `ext` and `name` of a path.",
  pathNormalize: "Lexically normalised path (`.` and `..` resolved).",
  pathAbsolute: "The path joined to the working directory when relative.",
  pathRelative: "Relative path from one path to another.",
  pathParent: "The path without its last component.",
  pathDirname: "The path without its last component (same as `pathParent`).",
  pathBasename: "The last component of a path.",
  pathExtension: "Extension of the last component, without the dot.",
  pathIsAbsolute: "Whether a path starts with `/`.",
  pathIsRelative: "Whether a path does not start with `/`.",
  pathExists: "Whether a path exists. Needs read permission.",
  pathCanonical: "The absolute real path with every symlink resolved. Needs read permission.",
  pathEquals: "Whether two paths have the same root and components.",
  pathHomedir: "The home directory.",
  pathCwd: "The current working directory.",
  pathTempdir: "The OS temp directory.",
  pathSeparator: 'The path separator (`"/"`).',
  pathDelimiter: 'The PATH list delimiter (`":"`).',
  pathExtSeparator: 'The extension separator (`"."`).',
  pathDrive: "The drive prefix on Windows, else `\"\"`.",
  pathToPlatform: "The path with every separator replaced by the platform's.",
  pathToPosix: "The path with every `\\` replaced by `/`.",
  pathToWindows: "The path with every `/` replaced by `\\`.",
});

group("process", {
  exec: "Runs a program (no shell) and waits; `Ok` json with `exitCode`, `stdout`, `stderr`, `success`. Needs run permission.",
  shell: "Runs a command with `sh -c` and waits, like `exec`. Needs run permission for `sh`.",
  getEnv: "An environment variable's value, or `null`. Needs env permission.",
  setEnv: "Sets an environment variable. Needs env permission.",
  unsetEnv: "Removes an environment variable. Needs env permission.",
  listEnv: "Every environment variable as a json object, keys sorted. Needs unrestricted env permission.",
  getCwd: "The current working directory.",
  getPid: "The process id.",
});

group("http", {
  httpRequest: "A request with a method (GET, POST, PUT, DELETE, PATCH) and URL.",
  httpRequestGet: "A GET request.",
  httpRequestDelete: "A DELETE request.",
  httpRequestPost: "A POST request with a body.",
  httpRequestPut: "A PUT request with a body.",
  httpRequestPatch: "A PATCH request with a body.",
  httpSetHeader: "New request with a header set (names case-insensitive).",
  httpSetBody: "New request with a body.",
  httpSetTimeout: "New request with a timeout in seconds for the whole exchange (0: none).",
  httpSetQuery: "New request with a query parameter appended.",
  httpSetFollowRedirects: "New request that does or does not follow redirects.",
  httpSetMaxRedirects: "New request with a redirect limit.",
  httpSetUserAgent: "New request with a `User-Agent`.",
  httpSetAuth: "New request with HTTP Basic authorisation.",
  httpSend: "Sends a request; `Ok(response)` for any status, `Err` for transport failures. Needs net permission.",
  httpGet: "Sends a GET request to a URL. Needs net permission.",
  httpDelete: "Sends a DELETE request to a URL. Needs net permission.",
  httpPost: "Sends a POST request with a body. Needs net permission.",
  httpPut: "Sends a PUT request with a body. Needs net permission.",
  httpPatch: "Sends a PATCH request with a body. Needs net permission.",
  httpPostJson: "POSTs json data as `application/json`. Needs net permission.",
  httpGetJson: "GETs a URL and parses the body as JSON. Needs net permission.",
  httpParseJson: "Parses a response body as JSON.",
  httpCheckPermission: "Whether the net permission covers a URL's host and port (no I/O).",
  httpStatus: "Status code of a response.",
  httpBody: "Body text of a response.",
  httpHeader: "A response header by case-insensitive name, or `None`.",
  httpHeaders: "Every response header as a HashMap of lowercase name → value.",
  httpUrl: "Final URL of a response, after redirects.",
  httpIsSuccess: "Whether the status is 200–299.",
  httpIsRedirect: "Whether the status is 300–399.",
  httpIsClientError: "Whether the status is 400–499.",
  httpIsServerError: "Whether the status is 500–599.",
  httpStatusText: "Standard reason phrase of the status.",
  httpContentType: "The `content-type` header, or `None`.",
  httpContentLength: "The `content-length` header as a number, or `None`.",
});

group("testing", {
  assert: "Fails with the message unless the condition is true.",
  assertFalse: "Fails with the message unless the condition is false.",
  assertEqual: "Fails unless two values are deeply equal, showing both.",
  assertNotEqual: "Fails if two values are deeply equal.",
  assertOk: "Fails unless a Result is `Ok`; returns its value.",
  assertErr: "Fails unless a Result is `Err`; returns its error.",
  assertSome: "Fails unless an Option is `Some`; returns its value.",
  assertNone: "Fails unless an Option is `None`.",
  assertContains: "Fails unless an array contains a deeply equal value.",
  assertEmpty: "Fails unless an array is empty.",
  assertLength: "Fails unless an array has the given length.",
  assertThrows: "Calls a function; fails unless it raises, and returns the raised error as an Error.",
  assertNoThrow: "Calls a function; fails if it raises, else returns its result.",
});

group("errors", {
  errorNew: "A new Error value with a code and a message.",
  errorCode: "The code of an Error (e.g. `\"AT0400\"`).",
  errorMessage: "The message of an Error, without the code.",
});

group("futures", {
  futureResolve: "An already resolved future.",
  futureReject: "An already rejected future (AT0160 for a string reason).",
  futureNew: "A future settled by the `resolve`/`reject` functions an executor receives.",
  futureIsPending: "Whether a future is still pending (does not wait).",
  futureIsResolved: "Whether a future has resolved (does not wait).",
  futureIsRejected: "Whether a future has rejected (does not wait).",
  futureThen: "A future of a callback applied to the value; rejections pass through.",
  futureCatch: "A future that recovers from a rejection with a callback.",
  futureFinally: "Runs a callback on either outcome, keeping the outcome.",
  futureAll: "All results in input order; rejects with the first rejection.",
  futureRace: "Settles like the first input future to settle.",
  futureAllSettled: "Every outcome as a `Result`; never rejects.",
  futureAny: "The first resolution; AT0161 if every input rejects.",
  futureResult: "The outcome as a `Result<T, Error>`; never rejects.",
  futureCancel: "Cancels a cancellable future (AT0171); false if already settled or not cancellable.",
});

group("tasks", {
  spawn: "Starts a function (or awaits a future) as a new concurrent task.",
  taskJoin: "A future of a task's result (same as awaiting it).",
  joinAll: "A future of every task's result, in order.",
  taskCancel: "Cancels a task and its descendants; false if already finished.",
  taskStatus: '`"Running"`, `"Completed"`, `"Failed"` or `"Cancelled"`.',
  taskId: "A task's id (main is 1).",
  taskName: "A task's name, or `null`.",
  taskCurrent: "The running task.",
  taskLocalSet: "Sets a task-local string value (spawned tasks inherit a copy).",
  taskLocalGet: "A task-local value, or `None`.",
  taskGroup: "Runs a body with a task group; settles when every member has finished, the first failure cancels the rest.",
  groupSpawn: "Spawns a task inside a task group.",
  mapConcurrent: "Maps items with at most `limit` calls in flight; results in input order.",
});

group("observability", {
  asyncStats: "Counts of tasks, timers, pending I/O and HTTP connections, and event-loop delay, as json.",
});

group("timers", {
  sleep: "A future that resolves after a number of milliseconds.",
  timer: "Runs a function once as a new task after a delay.",
  interval: "Runs a function as a new task every `ms` milliseconds (no drift, no pile-up).",
  cancelTimer: "Stops a timer or interval; true if it was live.",
  timeout: "Rejects with AT0170 if a future does not settle in time, cancelling it.",
  retry: "Calls an async function up to `attempts` times with exponential backoff and jitter.",
  retryWithTimeout: "As `retry`, with each attempt bounded by a timeout.",
  yieldNow: "Lets every other ready task run once.",
  nowMs: "Wall-clock milliseconds since the Unix epoch.",
  monotonicMs: "Monotonic milliseconds with sub-millisecond precision.",
});

group("channels", {
  channelBounded: "A channel holding at most `capacity` values (0: rendezvous).",
  channelUnbounded: "A channel whose sends never wait.",
  channelSend: "Sends a value, waiting while the channel is full; AT0172 if closed.",
  channelReceive: "The next value, or `None` once the channel is closed and drained.",
  channelTrySend: "Sends without waiting; false when full or closed.",
  channelTryReceive: "Receives without waiting, or `None`.",
  channelClose: "Closes a channel (idempotent); receivers drain what is buffered.",
  channelIsClosed: "Whether a channel is closed.",
  channelLen: "Number of buffered values.",
  channelCapacity: "A channel's capacity (-1 when unbounded).",
  select: "Waits on several channel cases and performs exactly one.",
  onReceive: "A `select` case receiving from a channel.",
  onSend: "A `select` case sending a value on a channel.",
  onTimeout: "A `select` case taken after a delay.",
  onDefault: "A `select` case taken when no other case is ready.",
});

group("asyncfile", {
  readFileAsync: "A future of a whole UTF-8 file's text. Needs read permission.",
  writeFileAsync: "Atomically writes a file, creating missing parent directories. Needs write permission.",
  appendFileAsync: "Appends a text to a file, creating it if missing. Needs write permission.",
  readDirAsync: "A future of a directory's sorted entry names. Needs read permission.",
  fileInfoAsync: "A future of `fileInfo`. Needs read permission.",
  removeFileAsync: "Removes a file or symlink. Needs write permission.",
  fileExistsAsync: "A future of whether a path exists. Needs read permission.",
  fileLines: "Streams a file line by line through a bounded channel. Needs read permission.",
  fileChunks: "Streams a file in chunks of a number of code points through a channel. Needs read permission.",
  pipeToFile: "Writes every string received from a channel to a new file; resolves to the characters written. Needs write permission.",
});

group("asynchttp", {
  httpSendAsync: "A future of a request's response; rejects only on transport failures. Needs net permission.",
  httpGetAsync: "A future of a GET response. Needs net permission.",
  httpDeleteAsync: "A future of a DELETE response. Needs net permission.",
  httpPostAsync: "A future of a POST response. Needs net permission.",
  httpPutAsync: "A future of a PUT response. Needs net permission.",
  httpPatchAsync: "A future of a PATCH response. Needs net permission.",
  httpGetJsonAsync: "A future of a GET response body parsed as JSON. Needs net permission.",
  httpPostJsonAsync: "A future of the response to POSTing json data. Needs net permission.",
  httpStreamAsync: "A future of a response that resolves when the headers arrive; the body is streamed. Needs net permission.",
  httpBodyLines: "A streamed response body line by line, through a channel.",
  httpBodyChunks: "A streamed response body in chunks, through a channel.",
});

group("sync", {
  asyncMutex: "A lock guarding a value.",
  asyncMutexLock: "Acquires a mutex (FIFO); the future resolves once it is held.",
  asyncMutexUnlock: "Releases a mutex held by the current task (AT0174 otherwise).",
  asyncMutexUpdate: "Replaces a mutex's value with `f(value)` while holding the lock.",
  asyncMutexGet: "A mutex's current value, without locking.",
  asyncMutexSet: "Replaces a mutex's value, without locking.",
  semaphore: "A counting semaphore with a number of permits.",
  semaphoreAcquire: "Acquires a permit (FIFO); the future resolves once it is held.",
  semaphoreRelease: "Returns a permit (AT0174 if the task holds none).",
  semaphoreWith: "Runs a function while holding a permit.",
});

/** Builtin name → its section and description. */
export const DESCRIPTIONS: ReadonlyMap<string, DocEntry> = entries;
