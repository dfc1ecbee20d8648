import { formatCompact, formatThousands, type AnalyzedGraph, type AnalyzedNode } from "@alexnet-ts/ir";

const svgNamespace = "http://www.w3.org/2000/svg";

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attributes: Record<string, string | number>, text?: string): SVGElementTagNameMap[K] {
  const made = document.createElementNS(svgNamespace, tag);
  for (const [key, value] of Object.entries(attributes)) made.setAttribute(key, String(value));
  if (text !== undefined) made.textContent = text;
  return made;
}

/** Colour family of an op, so convolutions, pools, normalizations and dense layers read apart. */
function kindOf(node: AnalyzedNode): string {
  const op = node.node.op;
  if (op === "conv2d") return "conv";
  if (op === "linear") return "dense";
  if (/pool/i.test(op)) return "pool";
  if (/norm/i.test(op)) return "norm";
  return "other";
}

/** Channel groups of a node (conv2d's `groups`, 1 for everything else). */
function groupsOf(node: AnalyzedNode): number {
  const attributes = node.node.attributes as { groups?: number };
  return node.node.op === "conv2d" && typeof attributes.groups === "number" ? attributes.groups : 1;
}

/**
 * The network as blocks, one per layer, top to bottom: name, op, output shape, parameters and
 * multiply-adds; a grouped convolution is drawn as its groups side by side (the paper's two-GPU
 * split); each layer's one-line comment is written beside it and shown on hover.
 */
export function drawNetwork(target: SVGSVGElement, analyzed: AnalyzedGraph): void {
  const rowHeight = 46;
  const blockWidth = 360;
  const width = 980;
  const height = 20 + rowHeight * (analyzed.nodes.length + 1);
  target.replaceChildren();
  target.setAttribute("viewBox", `0 0 ${width} ${height}`);
  target.setAttribute("width", String(width));
  target.setAttribute("role", "img");
  target.setAttribute("aria-label", `${analyzed.graph.name}: ${analyzed.nodes.length} layers`);
  const input = svg("g", { class: "layer input" });
  input.append(svg("rect", { x: 0, y: 10, width: blockWidth, height: rowHeight - 10, rx: 6 }), svg("text", { x: 10, y: 32 }, `input ${analyzed.inputShape.join("×")}`));
  target.append(input);
  analyzed.nodes.forEach((node, index) => {
    const top = 10 + rowHeight * (index + 1);
    const groups = groupsOf(node);
    const group = svg("g", { class: `layer ${kindOf(node)}`, "data-layer": node.node.name });
    group.append(svg("title", {}, `${node.node.name} (${node.node.op})${node.node.comment === undefined ? "" : `: ${node.node.comment}`}`));
    const gap = 6;
    const partWidth = (blockWidth - gap * (groups - 1)) / groups;
    for (let part = 0; part < groups; part++) {
      group.append(svg("rect", { x: part * (partWidth + gap), y: top, width: partWidth, height: rowHeight - 10, rx: 6 }));
      if (groups > 1) group.append(svg("text", { x: part * (partWidth + gap) + partWidth - 8, y: top + 14, class: "group-label", "text-anchor": "end" }, `group ${part + 1}`));
    }
    const parameters = node.parameters.reduce((sum, parameter) => sum + parameter.shape.reduce((product, size) => product * size, 1), 0);
    group.append(
      svg("text", { x: 10, y: top + 15, class: "layer-name" }, `${node.node.name} · ${node.node.op}`),
      svg("text", { x: 10, y: top + 30, class: "layer-numbers" }, `${node.outputShape.join("×")} · ${formatThousands(parameters)} params · ${formatCompact(node.multiplyAccumulates)} MACs`),
    );
    if (node.node.comment !== undefined) group.append(svg("text", { x: blockWidth + 14, y: top + 22, class: "layer-comment" }, node.node.comment));
    target.append(group);
  });
}
