#!/bin/sh
# usage: make-compressed.sh DIR
# Writes DIR/sample (text and pseudo-random bytes, 384 KiB) and the same
# compressed as Linux's build compresses kernels, with the four tools:
#   sample.gz, sample.xz (CRC32 check, x86 BCJ filter), sample.lz4 (legacy
#   frames), sample.zst; and sample.{xz,lz4,zst}.sized with Linux's 4-byte
#   little-endian length appended (size_append).
set -eu
dir=$1
mkdir -p "$dir"
cd "$dir"
python3 - > sample <<'PY'
import random, sys
rng = random.Random(42)
text = b"".join(b"line %d: the quick brown fox\n" % i for i in range(8192))
noise = bytes(rng.getrandbits(8) for _ in range(96 * 1024))
sys.stdout.buffer.write(text + noise + text[:65536])
PY
gzip -9 -n -c sample > sample.gz
xz --check=crc32 --x86 --lzma2=dict=1MiB -c sample > sample.xz
lz4 -q -l -9 -c sample > sample.lz4
zstd -q -19 -c sample > sample.zst
python3 - <<'PY'
import os, struct
size = struct.pack("<I", os.path.getsize("sample"))
for f in ("xz", "lz4", "zst"):
    with open("sample." + f, "rb") as src, open("sample.%s.sized" % f, "wb") as dst:
        dst.write(src.read() + size)
PY
