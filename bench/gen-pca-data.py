"""Generates the bulk-PCA benchmark inputs (not committed): a rows × cols float64 data set
with a known low-rank structure (10 strong directions plus noise), written as CSV (header
c0,…) and as .npy. Usage: python3 bench/gen-pca-data.py [rows] [cols] [out-prefix]
  python3 bench/gen-pca-data.py 1000000 100 /tmp/big   ->  /tmp/big.csv (~1.8 GB), /tmp/big.npy (0.8 GB)
Chunked so memory stays small whatever the size."""
import sys
import numpy as np

rows = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000_000
cols = int(sys.argv[2]) if len(sys.argv) > 2 else 100
prefix = sys.argv[3] if len(sys.argv) > 3 else "/tmp/big"
rng = np.random.default_rng(20261125)
rank = min(10, cols)
basis = rng.normal(size=(rank, cols))
scales = np.geomspace(10, 1, rank)[:, None]
chunk = 20_000

npy = np.lib.format.open_memmap(prefix + ".npy", mode="w+", dtype="<f8", shape=(rows, cols))
with open(prefix + ".csv", "w") as f:
    f.write(",".join(f"c{j}" for j in range(cols)) + "\n")
    for start in range(0, rows, chunk):
        n = min(chunk, rows - start)
        x = rng.normal(size=(n, rank)) @ (scales * basis) + rng.normal(scale=0.5, size=(n, cols))
        npy[start:start + n] = x
        # %.12f: ~18 bytes per value, the size the 1.8 GB figure assumes.
        np.savetxt(f, x, fmt="%.12f", delimiter=",")
npy.flush()
