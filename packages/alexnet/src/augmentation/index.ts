export * from "./crop.js";
export * from "./jacobi.js";
export * from "./pca-colour.js";
export * from "./augment.js";
