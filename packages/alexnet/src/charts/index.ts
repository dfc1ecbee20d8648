export * from "./nice-ticks.js";
export * from "./svg-text.js";
export * from "./line-panel.js";
export * from "./bar-panel.js";
export * from "./png.js";
