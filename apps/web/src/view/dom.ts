/** A tiny element builder: `element("button", { class: "primary", onclick }, "Run")`. */
export function element<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  properties: Partial<Record<string, string | number | boolean | EventListener>> = {},
  ...children: (Node | string | undefined)[]
): HTMLElementTagNameMap[K] {
  const made = document.createElement(tag);
  for (const [key, value] of Object.entries(properties)) {
    if (value === undefined) continue;
    if (typeof value === "function") made.addEventListener(key.replace(/^on/, ""), value);
    else if (typeof value === "boolean") {
      if (value) made.setAttribute(key, "");
    } else made.setAttribute(key, String(value));
  }
  for (const child of children) if (child !== undefined) made.append(child);
  return made;
}

/** A labelled form field. */
export function field(label: string, control: HTMLElement): HTMLLabelElement {
  return element("label", { class: "field" }, element("span", {}, label), control);
}

/** A <select> with these options, the first (or `selected`) chosen. */
export function select(name: string, options: readonly (string | { value: string; label: string; disabled?: boolean; title?: string })[], selected?: string): HTMLSelectElement {
  const made = element("select", { name });
  for (const option of options) {
    const { value, label, disabled, title } = typeof option === "string" ? { value: option, label: option, disabled: false, title: undefined } : option;
    made.append(element("option", { value, disabled: disabled === true, title }, label));
  }
  if (selected !== undefined) made.value = selected;
  return made;
}

/** A number input. */
export function numberInput(name: string, value: number, attributes: { min?: number; max?: number; step?: number | "any" } = {}): HTMLInputElement {
  return element("input", { type: "number", name, value, min: attributes.min, max: attributes.max, step: attributes.step });
}

/** Shows a one-line error (or clears it when `message` is undefined). */
export function showError(target: HTMLElement, message: string | undefined): void {
  target.textContent = message ?? "";
  target.hidden = message === undefined;
}
