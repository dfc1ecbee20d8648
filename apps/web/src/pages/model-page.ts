import { getVariant, variantNames, type VariantOptions } from "@alexnet-ts/alexnet";
import { activationOpTypes, analyzeGraph, formatSummary, type ActivationOpType, type SummaryFormat } from "@alexnet-ts/ir";
import { element, field, numberInput, select, showError } from "../view/dom.js";
import { drawNetwork } from "../view/network-picture.js";

/**
 * The Model page: a variant and the paper's ablation switches; the CLI's summaries (the same IR
 * functions, so the same text as `alexnet summary`) and a picture of the network. No backend.
 */
export function modelPage(): HTMLElement {
  const variant = select("variant", variantNames, "paper");
  const activation = select("activation", ["default", ...activationOpTypes]);
  const normalization = select("normalization", ["default", "lrn", "batchnorm", "none"]);
  const pooling = select("pooling", ["default", "overlapping", "plain"]);
  const dropout = element("input", { type: "number", name: "dropout", min: 0, max: 0.99, step: 0.05, placeholder: "default" });
  const classes = element("input", { type: "number", name: "classes", min: 1, step: 1, placeholder: "default" });
  const input = element("input", { type: "number", name: "input", min: 1, step: 1, placeholder: "default" });
  const format = select("format", ["rich", "keras", "torch"]);
  const batch = numberInput("batch", 1, { min: 1, step: 1 });
  const comments = element("input", { type: "checkbox", name: "comments" });
  const description = element("p", { class: "description" });
  const error = element("p", { class: "error", hidden: true });
  const summary = element("pre", { class: "summary", "data-testid": "summary" });
  const picture = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  picture.classList.add("network");

  const update = () => {
    const options: VariantOptions = {
      ...(activation.value !== "default" && { activation: activation.value as ActivationOpType }),
      ...(normalization.value !== "default" && { normalization: normalization.value as "lrn" | "batchnorm" | "none" }),
      ...(pooling.value !== "default" && { pooling: pooling.value as "overlapping" | "plain" }),
      ...(dropout.value !== "" && { dropout: Number(dropout.value) }),
      ...(classes.value !== "" && { classes: Number(classes.value) }),
      ...(input.value !== "" && { inputSize: Number(input.value) }),
    };
    try {
      const chosen = getVariant(variant.value);
      const graph = chosen.build(options);
      description.textContent = `${chosen.name}: ${chosen.description}`;
      const summaryFormat = format.value as SummaryFormat;
      const batchSize = Number(batch.value);
      summary.textContent = formatSummary(graph, summaryFormat, { ...(summaryFormat !== "keras" && batchSize > 1 && { batch: batchSize }), ...(comments.checked && { comments: true }) });
      drawNetwork(picture, analyzeGraph(graph));
      showError(error, undefined);
    } catch (failure) {
      showError(error, (failure as Error).message);
    }
  };
  for (const control of [variant, activation, normalization, pooling, dropout, classes, input, format, batch, comments]) control.addEventListener("change", update);
  const page = element(
    "section",
    { class: "page", "data-page": "model" },
    element("h2", {}, "Model"),
    element(
      "form",
      { class: "controls", onsubmit: (event: Event) => event.preventDefault() },
      field("variant", variant),
      field("activation", activation),
      field("normalization", normalization),
      field("pooling", pooling),
      field("dropout", dropout),
      field("classes", classes),
      field("input size", input),
      field("summary", format),
      field("batch", batch),
      field("comments", comments),
    ),
    description,
    error,
    element("div", { class: "model-views" }, summary, element("div", { class: "picture" }, picture)),
  );
  update();
  return page;
}
