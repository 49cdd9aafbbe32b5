#!/usr/bin/env bash
# Checks that the compiler refuses code that keeps a `PayloadValue` past the `init(payload:)` it
# is handed to: each snippet below must fail to compile with "escapes its scope". Run it after
# `swift build` (it compiles against the debug build's modules).
#
#     ./scripts/check-payload-value-escapes.sh
set -euo pipefail
cd "$(dirname "$0")/.."
modules=.build/debug/Modules
[ -d "$modules" ] || modules=.build/debug
# EventUpcasting imports Yams, whose C module the compiler needs to see.
cyaml=.build/checkouts/Yams/Sources/CYaml/include
flags=(-swift-version 6 -I "$modules" -Xcc -fmodule-map-file="$cyaml/module.modulemap" -Xcc -I -Xcc "$cyaml")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
snippets=(
    'nonisolated(unsafe) var kept: PayloadValue? = nil
     struct Keeper: PayloadDecodable { init(payload: PayloadValue) { kept = payload }; init(from decoder: any Decoder) {} }'
    'struct Keeper: PayloadDecodable { let read: () -> Bool
     init(payload: PayloadValue) { read = { payload.isNull } }; init(from decoder: any Decoder) { read = { true } } }'
    'final class Box { var value: PayloadValue? }
     struct Keeper: PayloadDecodable { init(payload: PayloadValue) { Box().value = payload }; init(from decoder: any Decoder) {} }'
    'struct Keeper: PayloadDecodable { var value: Any
     init(payload: PayloadValue) { value = payload }; init(from decoder: any Decoder) { value = 0 } }'
)
# A type that reads its payload and keeps only what it read compiles.
printf 'import EventUpcasting\n%s\n' 'struct Reader: PayloadDecodable { var name: String
    init(payload: PayloadValue) throws(DecodingFailure) { let value = payload; name = try value.decode(forKey: "name") }
    init(from decoder: any Decoder) { name = "" } }' > "$work/good.swift"
if ! swiftc "${flags[@]}" -c "$work/good.swift" -o "$work/good.o"; then
    echo "a type that only reads its PayloadValue does not compile"; exit 1
fi
failed=0
for index in "${!snippets[@]}"; do
    printf 'import EventUpcasting\n%s\n' "${snippets[$index]}" > "$work/snippet$index.swift"
    if output=$(swiftc "${flags[@]}" -c "$work/snippet$index.swift" -o "$work/snippet$index.o" 2>&1); then
        echo "snippet $index compiled, but keeps a PayloadValue:"; echo "${snippets[$index]}"; failed=1
    elif ! grep -q "escapes its scope\|Escapable\|to type 'Any'" <<< "$output"; then
        echo "snippet $index failed for another reason:"; echo "$output" | head -5; failed=1
    else
        echo "refused: $(grep -m1 -o 'error: .*' <<< "$output")"
    fi
done
[ "$failed" = 0 ] && echo "every way of keeping a PayloadValue is refused"
exit "$failed"
