// File names as shown to users (language.md §8.2): relative to a base directory (the working
// directory) when the file lies inside it, else absolute; always with `/` separators.
import * as path from "node:path";

export function displayPath(absPath: string, baseDir: string): string {
  const rel = path.relative(baseDir, absPath);
  const inside = rel !== "" && rel !== ".." && !rel.startsWith(".." + path.sep) && !path.isAbsolute(rel);
  const shown = inside ? rel : absPath;
  return shown.split(path.sep).join("/");
}
