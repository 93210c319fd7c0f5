/** Allocation-free ascending sorts of the eigenvalues (and of the permutation for the vectors). */

/** In-place ascending heapsort of x[0:n] (O(n log n), no allocation). */
export function heapSort(x: Float64Array, n: number): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDown(x, start, n);
  for (let end = n - 1; end > 0; end--) {
    const t = x[0];
    x[0] = x[end];
    x[end] = t;
    siftDown(x, 0, end);
  }
}

function siftDown(x: Float64Array, root: number, end: number): void {
  const v = x[root];
  let i = root;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= end) break;
    if (child + 1 < end && x[child + 1] > x[child]) child++;
    if (!(x[child] > v)) break;
    x[i] = x[child];
    i = child;
  }
  x[i] = v;
}

/** Heapsort of the index array idx[0:n] by key[idx[·]], ascending. */
export function heapSortIndex(idx: Int32Array, n: number, key: Float64Array): void {
  for (let start = (n >> 1) - 1; start >= 0; start--) siftDownIndex(idx, start, n, key);
  for (let end = n - 1; end > 0; end--) {
    const t = idx[0];
    idx[0] = idx[end];
    idx[end] = t;
    siftDownIndex(idx, 0, end, key);
  }
}

function siftDownIndex(idx: Int32Array, root: number, end: number, key: Float64Array): void {
  const v = idx[root];
  const kv = key[v];
  let i = root;
  for (;;) {
    let child = 2 * i + 1;
    if (child >= end) break;
    if (child + 1 < end && key[idx[child + 1]] > key[idx[child]]) child++;
    if (!(key[idx[child]] > kv)) break;
    idx[i] = idx[child];
    i = child;
  }
  idx[i] = v;
}
