#!/usr/bin/env bash
# The C tests of libpartnerscore:
#   1. build the release library and install it into a temporary prefix (bindings/c/install.sh);
#   2. compile tests/api_test.c (the scorecard), tests/profile_test.c (the profile), tests/plan_test.c (the
#      achievement plan, one plan shared by four threads too), tests/health_test.c (channel health, one
#      JSON request; four threads calling at once), tests/dealreg_test.c (deal registration conflicts,
#      one JSON request; four threads calling at once), tests/track_test.c (execution-plan tracking, one
#      JSON request; four threads calling at once) and tests/threads_test.c (scorecard and profile
#      shared between threads) with `cc -Wall -Wextra -Werror` against the static and the shared library
#      (the compile lines of README "Use from C") and run them under
#      `valgrind --leak-check=full --error-exitcode=1`;
#   3. the same seven tests built with AddressSanitizer + UndefinedBehaviorSanitizer (no valgrind);
#   4. examples/c/score.c and examples/c/plan.c built both ways through pkg-config from the installed
#      prefix, run under valgrind.
# Installs valgrind (apt-get) when it is missing. Runs from any directory; exits non-zero on any failure.
# Usage: bindings/c/run-tests.sh
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
step() { printf '\n==> %s\n' "$*"; }
fail() {
    echo "FAILED: $*" >&2
    exit 1
}

need() { # need COMMAND PACKAGE: installs PACKAGE with apt-get when COMMAND is missing
    command -v "$1" > /dev/null && return
    step "installing $2"
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo > /dev/null || fail "$1 is missing and there is no sudo to install $2"
        sudo="sudo"
    fi
    $sudo apt-get update -qq && $sudo apt-get install -y -qq "$2" > /dev/null
    command -v "$1" > /dev/null || fail "could not install $2"
}
need cc gcc
need valgrind valgrind
need pkg-config pkg-config

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
prefix="$work/prefix"

step "build (release) and install into a temporary prefix"
"$here/install.sh" "$prefix"
target="${CARGO_TARGET_DIR:-$root/target}"
case "$target" in /*) ;; *) target="$root/$target" ;; esac
lib="$target/release"

cflags=(-std=c11 -Wall -Wextra -Werror -pedantic -g -pthread)
static_libs=(-lgcc_s -lutil -lrt -lpthread -lm -ldl -lc)
grind=(valgrind -q --leak-check=full --error-exitcode=1 --suppressions="$here/tests/valgrind.supp")

# links_shared BINARY yes|no: whether BINARY loads libpartnerscore.so (so each build tests what it claims).
links_shared() {
    if readelf -d "$1" | grep -q 'NEEDED.*libpartnerscore\.so'; then
        [ "$2" = yes ] || fail "$1 should not need libpartnerscore.so"
    else
        [ "$2" = no ] || fail "$1 should need libpartnerscore.so"
    fi
}

for test in api_test profile_test plan_test health_test dealreg_test track_test threads_test; do
    step "$test: static and shared, under valgrind"
    # Static: the archive and what it needs from the system.
    cc "${cflags[@]}" -I "$here/include" -I "$here/tests" "$here/tests/$test.c" \
        "$lib/libpartnerscore.a" "${static_libs[@]}" -o "$work/${test}_static"
    # Shared: -lpartnerscore from the build directory, found at run time through the rpath.
    cc "${cflags[@]}" -I "$here/include" -I "$here/tests" "$here/tests/$test.c" \
        -L "$lib" -lpartnerscore -Wl,-rpath,"$lib" -o "$work/${test}_shared"
    links_shared "$work/${test}_static" no
    links_shared "$work/${test}_shared" yes
    for kind in static shared; do
        echo "-- $test ($kind)"
        "${grind[@]}" "$work/${test}_$kind" "$root" || fail "$test ($kind) under valgrind"
    done
done

step "the C tests with AddressSanitizer + UndefinedBehaviorSanitizer (static)"
for test in api_test profile_test plan_test health_test dealreg_test track_test threads_test; do
    cc "${cflags[@]}" -O1 -fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer \
        -I "$here/include" -I "$here/tests" "$here/tests/$test.c" \
        "$lib/libpartnerscore.a" "${static_libs[@]}" -o "$work/${test}_asan"
    echo "-- $test (asan, ubsan)"
    "$work/${test}_asan" "$root" || fail "$test under sanitizers"
done

step "examples/c/score.c with the compile lines of README \"Use from C\" (from the repository root)"
if [ "$target" = "$root/target" ]; then
    (
        cd "$root"
        cc -Wall -Wextra -Werror -I bindings/c/include examples/c/score.c \
            target/release/libpartnerscore.a -lgcc_s -lutil -lrt -lpthread -lm -ldl -lc -o "$work/score_readme_static"
        cc -Wall -Wextra -Werror -I bindings/c/include examples/c/score.c \
            -L target/release -lpartnerscore -Wl,-rpath,"$PWD/target/release" -o "$work/score_readme_shared"
        "$work/score_readme_static" > "$work/readme_static.json"
        "$work/score_readme_shared" > "$work/readme_shared.json"
        cmp "$work/readme_static.json" "$work/readme_shared.json"
    ) || fail "the README compile lines"
    links_shared "$work/score_readme_static" no
    links_shared "$work/score_readme_shared" yes
else
    echo "(skipped: CARGO_TARGET_DIR is set, the README lines assume target/)"
fi

step "examples/c/score.c through pkg-config from the installed prefix"
export PKG_CONFIG_PATH="$prefix/lib/pkgconfig"
[ "$(pkg-config --modversion partnerscore)" = "$(pkg-config --modversion partnerscore-static)" ] ||
    fail "pkg-config versions differ"
echo "pkg-config --cflags --libs partnerscore: $(pkg-config --cflags --libs partnerscore)"
echo "pkg-config --cflags --libs partnerscore-static: $(pkg-config --cflags --libs partnerscore-static)"
# shellcheck disable=SC2046 # pkg-config prints several words on purpose
cc "${cflags[@]}" "$root/examples/c/score.c" $(pkg-config --cflags --libs partnerscore) \
    -Wl,-rpath,"$(pkg-config --variable=libdir partnerscore)" -o "$work/score_shared"
# shellcheck disable=SC2046
cc "${cflags[@]}" "$root/examples/c/score.c" $(pkg-config --cflags --libs partnerscore-static) -o "$work/score_static"
links_shared "$work/score_static" no
links_shared "$work/score_shared" yes
readelf -d "$work/score_shared" | grep -q "$prefix/lib" || fail "score_shared does not load the installed library"

for kind in static shared; do
    echo "-- score ($kind): defaults (examples/scorecard.json, examples/partners.csv) from the repository root"
    (cd "$root" && "${grind[@]}" "$work/score_$kind" > "$work/out_csv_$kind.json") || fail "score ($kind)"
    echo "-- score ($kind): examples/partners.json from another directory"
    (cd "$work" && "${grind[@]}" "$work/score_$kind" "$root/examples/scorecard.json" \
        "$root/examples/partners.json" > "$work/out_json_$kind.json") || fail "score ($kind) with JSON partners"
    cmp "$work/out_csv_$kind.json" "$work/out_json_$kind.json" || fail "CSV and JSON partners give different reports"
    head -c 14 "$work/out_csv_$kind.json" | grep -q '^{"scorecard":' || fail "score ($kind) does not print the report"

    echo "-- score ($kind): a bad partners file is exit code 2 with the line in the message"
    printf 'id,revenue\nP1,12\nP2,twelve\n' > "$work/bad.csv"
    set +e
    "${grind[@]}" "$work/score_$kind" "$root/examples/scorecard.json" "$work/bad.csv" > "$work/bad.out" 2> "$work/bad.err"
    code=$?
    set -e
    [ "$code" -eq 2 ] || fail "score ($kind) on bad input: exit code $code, expected 2: $(cat "$work/bad.err")"
    [ ! -s "$work/bad.out" ] || fail "score ($kind) printed a report for bad input"
    grep -q 'bad.csv: line 3, column 2 (partner P2, field revenue): ' "$work/bad.err" ||
        fail "score ($kind) error message: $(cat "$work/bad.err")"
done
cmp "$work/out_csv_static.json" "$work/out_csv_shared.json" || fail "static and shared builds differ"

step "examples/c/plan.c through pkg-config from the installed prefix"
# shellcheck disable=SC2046
cc "${cflags[@]}" "$root/examples/c/plan.c" $(pkg-config --cflags --libs partnerscore) \
    -Wl,-rpath,"$(pkg-config --variable=libdir partnerscore)" -o "$work/plan_shared"
# shellcheck disable=SC2046
cc "${cflags[@]}" "$root/examples/c/plan.c" $(pkg-config --cflags --libs partnerscore-static) -o "$work/plan_static"
links_shared "$work/plan_static" no
links_shared "$work/plan_shared" yes
printf '[{"partner_id": "P001", "period": "2026-Q5", "revenue": 1}]' > "$work/bad_history.json"
for kind in static shared; do
    echo "-- plan ($kind): defaults (examples/plan.json, partners.json, history.json) from the repository root"
    (cd "$root" && "${grind[@]}" "$work/plan_$kind" > "$work/plan_$kind.json") || fail "plan ($kind)"
    head -c 10 "$work/plan_$kind.json" | grep -q '^{"target":' || fail "plan ($kind) does not print the report"
    echo "-- plan ($kind): the same files named from another directory"
    (cd "$work" && "${grind[@]}" "$work/plan_$kind" "$root/examples/plan.json" "$root/examples/partners.json" \
        "$root/examples/history.json" > "$work/plan_args_$kind.json") || fail "plan ($kind) with arguments"
    cmp "$work/plan_$kind.json" "$work/plan_args_$kind.json" || fail "plan ($kind): defaults and arguments differ"

    echo "-- plan ($kind): a period that does not parse is exit code 2 naming the history row"
    set +e
    "${grind[@]}" "$work/plan_$kind" "$root/examples/plan.json" "$root/examples/partners.json" \
        "$work/bad_history.json" > "$work/bad_plan.out" 2> "$work/bad_plan.err"
    code=$?
    set -e
    [ "$code" -eq 2 ] || fail "plan ($kind) on bad history: exit code $code, expected 2: $(cat "$work/bad_plan.err")"
    [ ! -s "$work/bad_plan.out" ] || fail "plan ($kind) printed a report for bad history"
    grep -q 'history\[0\] (partner P001): period "2026-Q5"' "$work/bad_plan.err" ||
        fail "plan ($kind) error message: $(cat "$work/bad_plan.err")"
done
cmp "$work/plan_static.json" "$work/plan_shared.json" || fail "plan: static and shared builds differ"

echo
echo "C tests passed (static and shared, valgrind, sanitizers, pkg-config)"
