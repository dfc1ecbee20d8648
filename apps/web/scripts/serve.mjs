// Serves the built app (dist/) on 127.0.0.1 with the cross-origin isolation headers, so the page
// gets SharedArrayBuffer (threads). `node scripts/serve.mjs [port]` (default 5173; 0 picks a free
// one); startStaticServer is also used by the browser tests and `alexnet bench --browser`.
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";

/** The built app's folder. */
export const distFolder = resolve(dirname(fileURLToPath(import.meta.url)), "..", "dist");

const contentTypes = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".svg": "image/svg+xml",
  ".png": "image/png",
};

/** Starts the server; resolves to its URL and a close function. */
export function startStaticServer(folder = distFolder, port = 0) {
  if (!existsSync(join(folder, "index.html"))) {
    return Promise.reject(new Error(`${folder} has no index.html: build the app first (npm run build -w @alexnet-ts/web)`));
  }
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? "/", "http://127.0.0.1").pathname);
    const file = normalize(join(folder, path === "/" ? "index.html" : path));
    const headers = { "Cross-Origin-Opener-Policy": "same-origin", "Cross-Origin-Embedder-Policy": "require-corp", "Cross-Origin-Resource-Policy": "same-origin", "Cache-Control": "no-cache" };
    if (!file.startsWith(folder + sep) || !existsSync(file) || !statSync(file).isFile()) {
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
      const address = server.address();
      resolvePromise({ url: `http://127.0.0.1:${address.port}/`, close: () => new Promise((done) => server.close(() => done(undefined))) });
    });
  });
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
