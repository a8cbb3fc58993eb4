#!/bin/sh
# Runs one fuzz target on the machine's stable toolchain: ./run.sh TARGET [SECONDS] [libFuzzer flags…]
# Seeds (seeds/TARGET, committed) are copied into the working corpus (corpus/TARGET, ignored);
# crashes go to artifacts/TARGET. RUSTC_BOOTSTRAP=1 lets stable rustc take the -Z flags
# cargo-fuzz passes; no nightly toolchain is needed. SANITIZER=address adds ASan (commspec
# forbids unsafe code, so the default is none: several times faster).
set -eu
cd "$(dirname "$0")"
target=$1
seconds=${2:-1800}
[ $# -ge 2 ] && shift 2 || shift $#
mkdir -p "corpus/$target"
cp -n "seeds/$target"/* "corpus/$target/" 2>/dev/null || true
dict=
[ -f "dicts/$target.dict" ] && dict="-dict=dicts/$target.dict"
RUSTC_BOOTSTRAP=1 exec cargo fuzz run --sanitizer "${SANITIZER:-none}" "$target" "corpus/$target" -- \
    -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 $dict "$@"
