import { describe, expect, it } from "vitest";
import { formatBytes, formatCompact, formatFixed, formatThousands } from "./number-format.js";

describe("Python-compatible number formatting", () => {
  it("groups thousands like '{:,}'", () => {
    expect(formatThousands(0)).toBe("0");
    expect(formatThousands(999)).toBe("999");
    expect(formatThousands(1000)).toBe("1,000");
    expect(formatThousands(62_379_752)).toBe("62,379,752");
    expect(formatThousands(-1234567)).toBe("-1,234,567");
  });

  it("rounds like '%0.2f': exact ties to even, everything else by its exact binary value", () => {
    expect(formatFixed(0.125, 2)).toBe("0.12"); // JavaScript's toFixed gives 0.13
    expect(formatFixed(0.375, 2)).toBe("0.38");
    expect(formatFixed(2.5, 0)).toBe("2");
    expect(formatFixed(3.5, 0)).toBe("4");
    expect(formatFixed(2.675, 2)).toBe("2.67"); // 2.675 is 2.67499999… in binary
    expect(formatFixed(1.005, 2)).toBe("1.00");
    expect(formatFixed(232.5624, 2)).toBe("232.56");
    expect(formatFixed(0, 2)).toBe("0.00");
    expect(formatFixed(1e21, 2)).toBe("1000000000000000000000.00");
  });

  it("prints compact counts and byte sizes", () => {
    expect(formatCompact(950)).toBe("950");
    expect(formatCompact(105_415_200)).toBe("105M");
    expect(formatCompact(37_748_736)).toBe("37.7M");
    expect(formatCompact(1_135_906_176)).toBe("1.14G");
    expect(formatBytes(40)).toBe("40 B");
    expect(formatBytes(2048)).toBe("2.00 KB");
    expect(formatBytes(3 * 1024 * 1024)).toBe("3.00 MB");
  });
});
