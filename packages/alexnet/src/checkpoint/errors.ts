/** A checkpoint or weights file that cannot be used; the message is one line naming the file and what to do. */
export class CheckpointError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "CheckpointError";
  }
}

/**
 * A file or folder the user named cannot be written (a file where a folder should be, a path
 * under /proc, no permission, a full disk, a folder in use by another run). The message is one
 * line naming the path and what to do; the CLI exits with code 2.
 */
export class OutputError extends Error {
  /** The file or folder the problem is about. */
  readonly path: string;
  constructor(message: string, path: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "OutputError";
    this.path = path;
  }
}

/** What an errno code means, in words a user can act on. */
const errnoWords: Readonly<Record<string, string>> = {
  ENOSPC: "no space left on the device; free some space",
  EDQUOT: "the disk quota is exceeded; free some space",
  EACCES: "permission denied; choose a folder you can write to",
  EPERM: "operation not permitted; choose a folder you can write to",
  EROFS: "the file system is read-only; choose another folder",
  ENOTDIR: "a part of the path is a file, not a folder",
  EISDIR: "it is a folder, not a file",
  ENOENT: "a folder on the path does not exist",
  EEXIST: "it already exists",
  ENAMETOOLONG: "the name is too long",
  EMFILE: "too many files are open",
  EIO: "the device reported an input/output error",
};

/** The errno code of a Node file-system error ("ENOSPC"), if it is one. */
export function errnoCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && /^E[A-Z]+$/.test(code) ? code : undefined;
}

/**
 * A file-system error the user can fix (ENOSPC, EACCES, ENOTDIR, …) as an OutputError naming
 * `path` and `doing` ("write", "create the folder"); anything else is returned unchanged.
 */
export function describeFileError(error: unknown, doing: string, path: string): unknown {
  const code = errnoCode(error);
  if (code === undefined || errnoWords[code] === undefined) return error;
  return new OutputError(`cannot ${doing} ${path}: ${errnoWords[code]} (${code})`, path, { cause: error });
}
