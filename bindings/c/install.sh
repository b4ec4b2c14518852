#!/usr/bin/env bash
# Builds libpartnerscore (release) and installs it under a prefix:
#   PREFIX/include/partnerscore.h
#   PREFIX/lib/libpartnerscore.so, PREFIX/lib/libpartnerscore.a
#   PREFIX/lib/pkgconfig/partnerscore.pc, PREFIX/lib/pkgconfig/partnerscore-static.pc
# Usage: bindings/c/install.sh PREFIX     (from any directory; PREFIX is created when missing)
set -euo pipefail

if [ $# -ne 1 ]; then
    echo "usage: $0 PREFIX" >&2
    exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
mkdir -p "$1"
prefix="$(cd "$1" && pwd)"

(cd "$root" && cargo build --quiet --release -p partnerscore-c)
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
lib="$target/release"

# The version of the package, as `cargo pkgid` prints it (`…#partnerscore-c@0.1.0` or `…#0.1.0`).
pkgid="$(cd "$root" && cargo pkgid -p partnerscore-c)"
version="${pkgid##*[#@]}"
# What the static library needs from the system: `cargo rustc … -- --print native-static-libs` on Linux.
native_static_libs="-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc"

install -d "$prefix/include" "$prefix/lib/pkgconfig"
install -m 644 "$here/include/partnerscore.h" "$prefix/include/partnerscore.h"
install -m 755 "$lib/libpartnerscore.so" "$prefix/lib/libpartnerscore.so"
install -m 644 "$lib/libpartnerscore.a" "$prefix/lib/libpartnerscore.a"
for pc in partnerscore partnerscore-static; do
    sed -e "s|@PREFIX@|$prefix|g" -e "s|@VERSION@|$version|g" -e "s|@NATIVE_STATIC_LIBS@|$native_static_libs|g" \
        "$here/$pc.pc.in" > "$prefix/lib/pkgconfig/$pc.pc"
done
echo "installed libpartnerscore $version under $prefix"
