/**
 * A backend that cannot be had as asked: an unknown name, one not available here, or a package
 * that fails to load. The message is one line saying what was wrong and what to do; a CLI shows
 * it as a usage error (exit 2).
 */
export class BackendChoiceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "BackendChoiceError";
  }
}

/**
 * What to do about a backend package that would not load: one whose built module is missing (a
 * freshly scaffolded backend, or a checkout never built) needs a build, not a reinstall.
 */
export function loadFailureHint(message: string): string {
  if (/Cannot find module|ERR_MODULE_NOT_FOUND|[/\\]dist[/\\]/.test(message)) return "build it: npx turbo run build (or npm run build in its package folder)";
  return "reinstall the package (npm install)";
}
