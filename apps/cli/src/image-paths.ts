import { readdirSync, statSync } from "node:fs";
import { join, relative, sep } from "node:path";

/** Image files are told by these extensions when a folder or glob is expanded. */
const imageExtensions = /\.(jpe?g|png)$/i;

/** What the image arguments expand to: the files to classify, in order, and the arguments that gave none. */
export interface ImagePaths {
  readonly paths: string[];
  /** An argument that names nothing to classify, with the reason (reported and skipped, like a bad image). */
  readonly failures: { path: string; reason: string }[];
}

/**
 * Expands `predict`'s arguments: a file stays itself; a folder becomes the .jpg, .jpeg and .png
 * files below it (recursively, sorted by path); an argument with *, ? or ** is a glob (quoted, so
 * the shell left it alone) matched against the files below its fixed leading folders — `*` and
 * `?` within one path segment, `**` across segments. Duplicates are dropped, first one kept.
 */
export function expandImagePaths(arguments_: readonly string[]): ImagePaths {
  const paths: string[] = [];
  const failures: { path: string; reason: string }[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    if (!seen.has(path)) paths.push(path);
    seen.add(path);
  };
  for (const argument of arguments_) {
    if (/[*?]/.test(argument)) {
      const matches = matchGlob(argument);
      if (matches.length === 0) failures.push({ path: argument, reason: "the pattern matches no file" });
      matches.forEach(add);
      continue;
    }
    let isFolder: boolean;
    try {
      isFolder = statSync(argument).isDirectory();
    } catch {
      failures.push({ path: argument, reason: "no such file or folder" });
      continue;
    }
    if (!isFolder) {
      add(argument);
      continue;
    }
    const images = filesBelow(argument).filter((path) => imageExtensions.test(path));
    if (images.length === 0) failures.push({ path: argument, reason: "the folder holds no .jpg, .jpeg or .png file" });
    images.forEach(add);
  }
  return { paths, failures };
}

/** Every file below a folder, at most `depth` levels down (1: the folder's own files), sorted by path; hidden entries are skipped. */
function filesBelow(folder: string, depth = Infinity): string[] {
  const found: string[] = [];
  const visit = (current: string, level: number): void => {
    for (const entry of readdirSync(current, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (entry.name.startsWith(".")) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory() && level < depth) visit(path, level + 1);
      else if (entry.isFile()) found.push(path);
    }
  };
  visit(folder, 1);
  return found;
}

/** The files a glob matches: the walk starts at its last folder without wildcards. */
function matchGlob(pattern: string): string[] {
  const segments = pattern.split(/[\\/]/);
  const firstWild = segments.findIndex((segment) => /[*?]/.test(segment));
  const base = segments.slice(0, firstWild).join("/") || (pattern.startsWith("/") ? "/" : ".");
  const rest = segments.slice(firstWild).join("/");
  let candidates: string[];
  try {
    // Without "**" the pattern reaches exactly as deep as it has segments: the walk stops there.
    const depth = rest.includes("**") ? Infinity : rest.split("/").length;
    candidates = statSync(base).isDirectory() ? filesBelow(base, depth) : [];
  } catch {
    return [];
  }
  const expression = globExpression(rest);
  return candidates.filter((path) => expression.test(relative(base, path).split(sep).join("/")));
}

/** A glob as a regular expression over "/"-separated relative paths. */
export function globExpression(glob: string): RegExp {
  let source = "";
  for (let index = 0; index < glob.length; index++) {
    const character = glob[index];
    if (character === "*" && glob[index + 1] === "*") {
      // "**/" matches any number of folders, including none; a trailing "**" anything.
      const slash = glob[index + 2] === "/";
      source += slash ? "(?:[^/]+/)*" : ".*";
      index += slash ? 2 : 1;
    } else if (character === "*") source += "[^/]*";
    else if (character === "?") source += "[^/]";
    else source += character.replace(/[.+^${}()|[\]\\]/g, "\\$&");
  }
  return new RegExp(`^${source}$`);
}
