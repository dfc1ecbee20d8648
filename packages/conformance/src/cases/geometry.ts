import type { AvgPool2dOptions, Conv2dOptions } from "@alexnet-ts/engine";
import type { CaseData } from "../data.js";

/** How big the randomized cases are: "full" for CPU backends, "small" for software GPU backends. */
export interface SizeProfile {
  /** Seeds per op family. */
  readonly seeds: number;
  /** Spatial slack added on top of what a window needs (odd sizes come from here). */
  readonly extraSpatial: number;
  /** Channels per group at most. */
  readonly channelsPerGroup: number;
  /** Elements along a free axis of the elementwise and data-movement cases at most. */
  readonly axisLength: number;
}

/** The two profiles. */
export const sizeProfiles: Record<"small" | "full", SizeProfile> = {
  full: { seeds: 6, extraSpatial: 6, channelsPerGroup: 3, axisLength: 7 },
  small: { seeds: 3, extraSpatial: 2, channelsPerGroup: 2, axisLength: 4 },
};

/** A convolution case: input and filter shapes and the geometry. */
export interface ConvGeometry {
  readonly inputShape: [number, number, number, number];
  readonly filterShape: [number, number, number, number];
  readonly options: Conv2dOptions;
}

/**
 * A random convolution across and beyond AlexNet's space. The seed also fixes the features every
 * run must cover: groups cycle 1, 2, 3; batch alternates 1 and 2; every fourth seed has a stride
 * larger than the kernel. Channel counts are 1–3 per group (rarely multiples of 4), padding is
 * drawn per side (asymmetric), dilation 1 or 2, and spatial sizes land on odd numbers often.
 */
export function randomConvGeometry(seed: number, data: CaseData, profile: SizeProfile): ConvGeometry {
  const groups = [1, 2, 3][seed % 3];
  const batch = seed % 2 === 1 ? 2 : 1;
  const channels = groups * data.integer(1, profile.channelsPerGroup);
  const outputChannels = groups * data.integer(1, profile.channelsPerGroup);
  const kernel: [number, number] = [data.pick([1, 2, 3, 5]), data.pick([1, 2, 3, 5])];
  const stride: [number, number] = seed % 4 === 3 ? [kernel[0] + 1, kernel[1] + 1] : [data.integer(1, 3), data.integer(1, 3)];
  const dilation: [number, number] = [data.integer(1, 2), data.integer(1, 2)];
  const padding: [number, number, number, number] = [data.integer(0, 2), data.integer(0, 2), data.integer(0, 2), data.integer(0, 2)];
  const height = Math.max(1, dilation[0] * (kernel[0] - 1) + 1 - padding[0] - padding[2] + data.integer(0, profile.extraSpatial));
  const width = Math.max(1, dilation[1] * (kernel[1] - 1) + 1 - padding[1] - padding[3] + data.integer(0, profile.extraSpatial));
  return {
    inputShape: [batch, channels, height, width],
    filterShape: [outputChannels, channels / groups, kernel[0], kernel[1]],
    options: { stride, padding, dilation, groups },
  };
}

/** AlexNet's own layer shapes, scaled down in channels and image size (paper: 11×11/4 on 3 channels, 5×5 pad 2 in 2 groups, 3×3 pad 1). */
export function alexnetConvGeometries(profile: SizeProfile): { name: string; geometry: ConvGeometry }[] {
  const small = profile.seeds < sizeProfiles.full.seeds;
  return [
    {
      name: "conv1-like 11×11 stride 4 pad 2",
      geometry: { inputShape: [2, 3, small ? 15 : 27, small ? 15 : 27], filterShape: [small ? 2 : 5, 3, 11, 11], options: { stride: [4, 4], padding: [2, 2, 2, 2], dilation: [1, 1], groups: 1 } },
    },
    {
      name: "conv2-like 5×5 pad 2, 2 groups",
      geometry: { inputShape: [2, 6, small ? 5 : 9, small ? 5 : 9], filterShape: [small ? 4 : 10, 3, 5, 5], options: { stride: [1, 1], padding: [2, 2, 2, 2], dilation: [1, 1], groups: 2 } },
    },
    {
      name: "conv3-like 3×3 pad 1",
      geometry: { inputShape: [1, small ? 5 : 13, 6, 7], filterShape: [small ? 3 : 7, small ? 5 : 13, 3, 3], options: { stride: [1, 1], padding: [1, 1, 1, 1], dilation: [1, 1], groups: 1 } },
    },
  ];
}

/** A pooling case: input shape and geometry (countIncludePad used by average pooling only). */
export interface PoolGeometry {
  readonly inputShape: [number, number, number, number];
  readonly options: AvgPool2dOptions;
}

/**
 * A random pooling window: ceil mode alternates by seed, batch alternates 1/2, every third seed
 * has a stride larger than the kernel; padding per side is at most half the kernel (PyTorch's
 * rule, so no window is padding only) and the input is at least one dilated window wide.
 */
export function randomPoolGeometry(seed: number, data: CaseData, profile: SizeProfile): PoolGeometry {
  const kernel: [number, number] = [data.integer(1, 4), data.integer(1, 4)];
  const stride: [number, number] = seed % 3 === 2 ? [kernel[0] + 1, kernel[1] + 1] : [data.integer(1, 3), data.integer(1, 3)];
  const dilation: [number, number] = [data.pick([1, 1, 2]), data.pick([1, 1, 2])];
  const half = [Math.floor(kernel[0] / 2), Math.floor(kernel[1] / 2)];
  const padding: [number, number, number, number] = [data.integer(0, half[0]), data.integer(0, half[1]), data.integer(0, half[0]), data.integer(0, half[1])];
  const height = dilation[0] * (kernel[0] - 1) + 1 + data.integer(0, profile.extraSpatial);
  const width = dilation[1] * (kernel[1] - 1) + 1 + data.integer(0, profile.extraSpatial);
  const batch = seed % 2 === 0 ? 2 : 1;
  const channels = data.integer(1, profile.channelsPerGroup + 2);
  return {
    inputShape: [batch, channels, height, width],
    options: { kernel, stride, padding, dilation, ceilMode: seed % 2 === 1, countIncludePad: data.chance(0.5) },
  };
}

/** AlexNet's overlapping pooling (3×3, stride 2) on an odd size, and a ceil-mode variant. */
export function alexnetPoolGeometries(): { name: string; geometry: PoolGeometry }[] {
  const base = { kernel: [3, 3] as [number, number], stride: [2, 2] as [number, number], padding: [0, 0, 0, 0] as [number, number, number, number], dilation: [1, 1] as [number, number] };
  return [
    { name: "overlapping 3×3 stride 2", geometry: { inputShape: [2, 3, 13, 13], options: { ...base, ceilMode: false, countIncludePad: false } } },
    { name: "overlapping 3×3 stride 2, ceil mode", geometry: { inputShape: [1, 5, 12, 10], options: { ...base, ceilMode: true, countIncludePad: true } } },
  ];
}

/** Conv geometry as a short title. */
export function describeConv({ inputShape, filterShape, options }: ConvGeometry): string {
  return `x [${inputShape}] filter [${filterShape}] stride [${options.stride}] padding [${options.padding}] dilation [${options.dilation}] groups ${options.groups}`;
}

/** Pool geometry as a short title. */
export function describePool({ inputShape, options }: PoolGeometry, average = false): string {
  const extra = average ? ` countIncludePad ${options.countIncludePad}` : "";
  return `x [${inputShape}] kernel [${options.kernel}] stride [${options.stride}] padding [${options.padding}] dilation [${options.dilation}] ceil ${options.ceilMode}${extra}`;
}
