// The variants themselves live in @alexnet-ts/variants (description only, so the conformance
// suite shares them without depending on training); this package re-exports them beside the
// memory bound, which needs the host's memory.
export * from "@alexnet-ts/variants";
export * from "./memory-bound.js";
