/**
 * Eigen-decomposition of a real symmetric matrix by cyclic Jacobi rotations: each rotation zeroes
 * one off-diagonal element; sweeps repeat until the off-diagonal sum of squares is below 1e-30
 * of the total (float64, so eigenvalues come out to about 1e-12 relative accuracy for the 3×3
 * colour covariance). Returns eigenvalues in descending order and the matching unit eigenvectors
 * as columns: `vectors[row][column]` is component `row` of eigenvector `column`.
 */
export function symmetricEigen(matrix: readonly (readonly number[])[]): { values: number[]; vectors: number[][] } {
  const size = matrix.length;
  const a = matrix.map((row) => [...row]);
  const v: number[][] = Array.from({ length: size }, (_, row) => Array.from({ length: size }, (_, column) => (row === column ? 1 : 0)));
  const total = a.flat().reduce((sum, value) => sum + value * value, 0);
  for (let sweep = 0; sweep < 100; sweep++) {
    let offDiagonal = 0;
    for (let p = 0; p < size; p++) for (let q = p + 1; q < size; q++) offDiagonal += 2 * a[p][q] * a[p][q];
    if (offDiagonal <= 1e-30 * total || offDiagonal === 0) break;
    for (let p = 0; p < size; p++) {
      for (let q = p + 1; q < size; q++) {
        if (a[p][q] === 0) continue;
        // Choose the rotation angle that zeroes a[p][q] (the smaller root, for stability).
        const theta = (a[q][q] - a[p][p]) / (2 * a[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < size; k++) {
          const akp = a[k][p];
          const akq = a[k][q];
          a[k][p] = c * akp - s * akq;
          a[k][q] = s * akp + c * akq;
        }
        for (let k = 0; k < size; k++) {
          const apk = a[p][k];
          const aqk = a[q][k];
          a[p][k] = c * apk - s * aqk;
          a[q][k] = s * apk + c * aqk;
        }
        for (let k = 0; k < size; k++) {
          const vkp = v[k][p];
          const vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  const order = Array.from({ length: size }, (_, index) => index).sort((x, y) => a[y][y] - a[x][x]);
  return {
    values: order.map((index) => a[index][index]),
    vectors: Array.from({ length: size }, (_, row) => order.map((index) => v[row][index])),
  };
}
