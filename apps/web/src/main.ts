import "./styles.css";
import { modelPage } from "./pages/model-page.js";

/**
 * The app's shell: four pages behind a hash route. The Model page needs no backend; the others
 * are loaded on first visit and start the compute worker, which imports backends on demand.
 */
const pages: Record<string, () => Promise<HTMLElement>> = {
  model: async () => modelPage(),
  predict: async () => (await import("./pages/predict-page.js")).predictPage(),
  train: async () => (await import("./pages/train-page.js")).trainPage(),
  bench: async () => (await import("./pages/bench-page.js")).benchPage(),
};

const made = new Map<string, HTMLElement>();
const main = document.querySelector("main")!;

async function show(): Promise<void> {
  const name = location.hash.replace(/^#/, "") || "model";
  const key = name in pages ? name : "model";
  if (!made.has(key)) made.set(key, await pages[key]());
  main.replaceChildren(made.get(key)!);
  for (const link of document.querySelectorAll("nav a")) link.classList.toggle("current", link.getAttribute("href") === `#${key}`);
}

const isolation = document.querySelector("#isolation")!;
isolation.textContent = crossOriginIsolated
  ? "cross-origin isolated: shared memory and threads on"
  : "not cross-origin isolated: one thread per backend (serve with COOP/COEP headers for threads)";
window.addEventListener("hashchange", () => void show());
void show();
