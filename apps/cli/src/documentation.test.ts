import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

// The documents stay true to the repository: every relative link resolves, and every package
// README's ```ts example runs as written. A block fenced as ```ts file=PATH shows a file of the
// repository that runs in the tests itself (a backend's conformance test, say): it must be that
// file's text.
const repositoryRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

function markdownFiles(): string[] {
  const documents = ["README.md", ...readdirSync(join(repositoryRoot, "docs")).filter((name) => name.endsWith(".md")).map((name) => `docs/${name}`)];
  for (const root of ["packages", "apps"]) {
    for (const name of readdirSync(join(repositoryRoot, root))) {
      if (existsSync(join(repositoryRoot, root, name, "README.md"))) documents.push(`${root}/${name}/README.md`);
    }
  }
  return documents;
}

/** Relative link targets of a markdown document, without anchors. */
function relativeLinks(markdown: string): string[] {
  const targets = [...markdown.matchAll(/\]\(([^)\s]+)\)/g)].map((match) => match[1]);
  return targets.filter((target) => !/^[a-z]+:/i.test(target) && !target.startsWith("#")).map((target) => target.split("#")[0]);
}

/** The ```ts fenced blocks of a markdown document, with the file they quote where the fence names one. */
function typescriptBlocks(markdown: string): { code: string; quotes?: string }[] {
  return [...markdown.matchAll(/^```ts(?: file=(\S+))?\n([\s\S]*?)^```$/gm)].map((match) => ({ code: match[2], quotes: match[1] }));
}

const documents = markdownFiles();
const packageReadmes = documents.filter((path) => /^(packages|apps)\//.test(path));
const examplesFolder = join(repositoryRoot, ".readme-examples");
afterAll(() => rmSync(examplesFolder, { recursive: true, force: true }));

describe("documentation", () => {
  it.each(documents)("every relative link in %s resolves", (path) => {
    const folder = dirname(join(repositoryRoot, path));
    const missing = relativeLinks(readFileSync(join(repositoryRoot, path), "utf8")).filter((target) => !existsSync(resolve(folder, target)));
    expect(missing).toEqual([]);
  });

  const examples = packageReadmes.flatMap((path) =>
    typescriptBlocks(readFileSync(join(repositoryRoot, path), "utf8")).map((block, index) => ({ path, index, ...block })),
  );
  it.each(examples.map((example) => [`${example.path} example ${example.index + 1}`, example] as const))("%s runs", async (_label, example) => {
    if (example.quotes !== undefined) {
      expect(readFileSync(join(repositoryRoot, example.quotes), "utf8").trim()).toBe(example.code.trim());
      return;
    }
    mkdirSync(examplesFolder, { recursive: true });
    const file = join(examplesFolder, `${example.path.replaceAll("/", "-")}-${example.index + 1}.ts`);
    writeFileSync(file, example.code);
    await import(pathToFileURL(file).href);
  });
});
