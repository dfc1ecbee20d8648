/**
 * A problem with the user's data (a wrong path, a truncated file, a corrupt image): its message
 * is one line saying what was wrong and what to do, so the CLI prints it and exits with code 2.
 */
export class DataError extends Error {
  /** The file or folder the problem is about, when there is one. */
  readonly path: string | undefined;
  constructor(message: string, path?: string) {
    super(message);
    this.name = "DataError";
    this.path = path;
  }
}
