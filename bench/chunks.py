#!/usr/bin/env python3
"""What each WASM chunk entry costs a first load, compressed as served.

Usage: bench/chunks.py [SITE_PKG_DIR]   (default target/release-site/pkg, after a release build)

For each lazy entry point of a `--split` build (a `#[lazy]` function, a lazy route's area or a lazy
island), prints the brotli bytes of its own module, of the shared chunks it loads, and the total
with the main WASM every page loads. Shared chunks are counted with every entry that loads them.
"""
import glob
import json
import os
import sys

pkg = sys.argv[1] if len(sys.argv) > 1 else "target/release-site/pkg"
os.chdir(pkg)


def brotli_size(stem):
    """Bytes of the .br twin of the WASM file whose name (hashed or not) starts with `stem`."""
    files = glob.glob(stem + ".wasm.br") or glob.glob(stem + ".*.wasm.br")
    return os.path.getsize(files[0]) if files else 0


manifest = json.load(open(glob.glob("__wasm_split_manifest*.json")[0]))
main = brotli_size("switchboard")
print(f"main WASM: {main / 1000:.1f} KB brotli; {len(glob.glob('*.wasm'))} WASM files in all")
print(f"{'entry':48} {'own KB':>8} {'chunks':>7} {'their KB':>9} {'with main KB':>13}")
for entry, chunks in sorted(manifest.items()):
    own = brotli_size("split_" + entry)
    shared = sum(brotli_size(chunk) for chunk in chunks)
    print(f"{entry[:48]:48} {own / 1000:8.1f} {len(chunks):7} {shared / 1000:9.1f} {(main + own + shared) / 1000:13.1f}")
