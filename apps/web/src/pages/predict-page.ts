import { variantNames } from "@alexnet-ts/alexnet";
import { computeClient } from "../compute/compute-client.js";
import type { ComputeReply } from "../compute/protocol.js";
import { element, field, numberInput, select, showError } from "../view/dom.js";
import { backendPicker } from "./backend-picker.js";

/**
 * The Predict page: a backend; a checkpoint from disk and images dropped or picked (as
 * `alexnet predict --checkpoint C images…`), or a seeded smoke run without one (as
 * `alexnet predict --seed S`). Shows the top classes, the time per image and the engine that ran.
 */
export function predictPage(): HTMLElement {
  const { control: backend, notes } = backendPicker();
  const variant = select("variant", variantNames, "small");
  const seed = numberInput("seed", 0, { min: 0, step: 1 });
  const checkpoint = element("input", { type: "file", name: "checkpoint", accept: ".safetensors" });
  const images = element("input", { type: "file", name: "images", accept: "image/*", multiple: true });
  const dropZone = element("div", { class: "drop-zone", "data-testid": "drop-zone" }, "drop images here, or pick them above");
  const dropped: File[] = [];
  const error = element("p", { class: "error", hidden: true, "data-testid": "predict-error" });
  const engine = element("p", { class: "engine", "data-testid": "predict-engine" });
  const results = element("div", { class: "results", "data-testid": "predict-results" });
  const busy = element("p", { class: "busy", hidden: true }, "running…");

  const show = (reply: Extract<ComputeReply, { kind: "predictions" }>) => {
    engine.textContent = `${reply.backend}: ${reply.engine}`;
    results.replaceChildren(
      ...reply.rows.map((row) =>
        element(
          "div",
          { class: "prediction" },
          element("h3", {}, `${row.label} — ${row.milliseconds.toFixed(1)} ms`),
          element("ol", {}, ...row.top.map((entry) => element("li", {}, element("span", { class: "class-name" }, entry.className), ` ${(entry.probability * 100).toFixed(2)}%`))),
        ),
      ),
    );
    results.setAttribute("data-json", JSON.stringify(reply));
  };
  const run = async (request: Parameters<ReturnType<typeof computeClient>["request"]>[0]) => {
    showError(error, undefined);
    busy.hidden = false;
    results.removeAttribute("data-json");
    try {
      show(await computeClient().request<"predictions">(request));
    } catch (failure) {
      showError(error, (failure as Error).message);
      results.replaceChildren();
    } finally {
      busy.hidden = true;
    }
  };
  const seeded = element("button", { type: "button", "data-testid": "predict-seeded" }, "Predict (seeded weights and input)");
  seeded.addEventListener("click", () => void run({ kind: "predict-seeded", backend: backend.value, model: { variant: variant.value, options: {} }, seed: Number(seed.value), top: 5 }));
  const classify = element("button", { type: "button", "data-testid": "predict-images" }, "Classify images");
  classify.addEventListener("click", async () => {
    results.removeAttribute("data-json");
    const file = checkpoint.files?.[0];
    const chosen = [...(images.files ?? []), ...dropped];
    if (file === undefined) return showError(error, "choose a checkpoint (.safetensors, written by alexnet train or the Train page) first");
    if (chosen.length === 0) return showError(error, "pick or drop at least one image (JPEG or PNG) to classify");
    const bytes = new Uint8Array(await file.arrayBuffer());
    const list = await Promise.all(chosen.map(async (image) => ({ name: image.name, bytes: new Uint8Array(await image.arrayBuffer()) })));
    await run({ kind: "predict-images", backend: backend.value, checkpoint: bytes, checkpointName: file.name, images: list });
  });
  dropZone.addEventListener("dragover", (event) => event.preventDefault());
  dropZone.addEventListener("drop", (event) => {
    event.preventDefault();
    for (const file of event.dataTransfer?.files ?? []) dropped.push(file);
    dropZone.textContent = `${dropped.length} image${dropped.length === 1 ? "" : "s"} dropped: ${dropped.map((file) => file.name).join(", ")}`;
  });
  return element(
    "section",
    { class: "page", "data-page": "predict" },
    element("h2", {}, "Predict"),
    element("div", { class: "controls" }, field("backend", backend)),
    notes,
    element("h3", {}, "With a checkpoint"),
    element("div", { class: "controls" }, field("checkpoint", checkpoint), field("images", images), classify),
    dropZone,
    element("h3", {}, "Without one: seeded weights and a random input, as alexnet predict --seed"),
    element("div", { class: "controls" }, field("variant", variant), field("seed", seed), seeded),
    busy,
    error,
    engine,
    results,
  );
}
