import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, resolve, sep } from "node:path";
import { BrowserSetupError } from "./errors.js";

/**
 * Cross-origin isolation: with these a page is `crossOriginIsolated` and gets SharedArrayBuffer,
 * so WebAssembly memory can be shared with workers (the cpu backend's threads).
 */
export const isolationHeaders: Readonly<Record<string, string>> = {
  "Cross-Origin-Opener-Policy": "same-origin",
  "Cross-Origin-Embedder-Policy": "require-corp",
  "Cross-Origin-Resource-Policy": "same-origin",
};

const contentTypes: Readonly<Record<string, string>> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** A running server: its URL (ending in /) and how to stop it. */
export interface IsolatedServer {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Serves a built static site (a folder with index.html) on 127.0.0.1 only, with the isolation
 * headers and no caching; port 0 picks a free one. Paths outside the folder are 404.
 */
export function startIsolatedServer(folder: string, port = 0): Promise<IsolatedServer> {
  const root = resolve(folder);
  if (!existsSync(join(root, "index.html"))) return Promise.reject(new BrowserSetupError(`${root} has no index.html: build the site first`));
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const file = normalize(join(root, path === "/" ? "index.html" : path));
    const headers = { ...isolationHeaders, "Cache-Control": "no-cache" };
    if (!file.startsWith(root + sep) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404, { ...headers, "Content-Type": "text/plain" });
      response.end("not found");
      return;
    }
    response.writeHead(200, { ...headers, "Content-Type": contentTypes[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(response);
  });
  return new Promise((resolvePromise, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => {
      const address = server.address() as AddressInfo;
      resolvePromise({
        url: `http://127.0.0.1:${address.port}/`,
        close: () =>
          new Promise((done) => {
            server.close(() => done());
            // A browser keeps connections open; closing the server must not wait for them.
            server.closeAllConnections();
          }),
      });
    });
  });
}
