// Serves the built app (dist/) on 127.0.0.1 with the cross-origin isolation headers, so the page
// gets SharedArrayBuffer (threads): `node scripts/serve.mjs [port]` (default 5173; 0 picks a free
// one). The server itself is @alexnet-ts/chromium's, which the browser tests and
// `alexnet bench --browser` use too.
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { startIsolatedServer } from "@alexnet-ts/chromium";

/** The built app's folder. */
export const distFolder = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");

/** Starts the server; resolves to its URL and a close function. */
export function startStaticServer(folder = distFolder, port = 0) {
  if (!existsSync(join(folder, "index.html"))) {
    return Promise.reject(new Error(`${folder} has no index.html: build the app first (npx turbo run build --filter=@alexnet-ts/web)`));
  }
  return startIsolatedServer(folder, port);
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const port = Number(process.argv[2] ?? 5173);
  startStaticServer(distFolder, port).then(
    ({ url }) => console.log(`AlexNet in the browser: ${url} (cross-origin isolated; Ctrl-C stops)`),
    (error) => {
      console.error(error.message);
      process.exit(2);
    },
  );
}
