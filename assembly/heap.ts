/**
 * First byte of linear memory the JS side may use: everything below is static data, including
 * the kernels' scratch buffers. Rounded up to 16 so v128 accesses stay aligned.
 */
export function heapBase(): usize {
  return (__heap_base + 15) & ~(<usize>15);
}
