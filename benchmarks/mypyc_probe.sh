#!/usr/bin/env bash
# Compile the extraction modules (and the extract JSON writer) with mypyc into a scratch
# copy of src/, for measuring what compiling would buy (extract_bench.py's docstring has
# the figures). Nothing in the worktree's src/ changes; the copy shadows it by PYTHONPATH:
#
#     bash benchmarks/mypyc_probe.sh
#     PYTHONPATH=benchmarks/out/mypyc/src .venv/bin/python benchmarks/extract_bench.py ...
#
# mypyc's own `build_ext --inplace` puts modules of a src layout at ./citecheck/..., so the
# built files are copied into the copy's src/ here. models.py is left out on purpose:
# compiled, its frozen dataclasses do not unpickle (FrozenInstanceError in the pool workers).
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=benchmarks/out/mypyc
rm -rf "$OUT" && mkdir -p "$OUT"
cp -r src "$OUT/"
find "$OUT/src" -name __pycache__ -prune -exec rm -rf {} +
cat >"$OUT/mypy.ini" <<'EOF'
[mypy]
strict = True
[mypy-warcio.*,trafilatura.*,docx.*,snowballstemmer.*,babel.*,threadpoolctl.*,fsspec.*]
ignore_missing_imports = True
EOF
# The mypy settings of pyproject.toml, in a file of their own: the setup.py that mypyc
# writes would read pyproject.toml, and setuptools < 77 rejects `license = "MIT"`.
cd "$OUT"
modules=(src/citecheck/extract/{__init__,boundary,canonical,claims,claimtext,linebreaks,markdown,stream,urls}.py
    src/citecheck/report/serialize.py)
"$OLDPWD/.venv/bin/mypyc" "${modules[@]}" >build.log 2>&1 || true  # fails copying, see above
built=build/lib.linux-x86_64-cpython-311
[ -d "$built" ] || built=$(ls -d build/lib.*)
cp "$built"/*__mypyc*.so src/
(cd "$built" && find citecheck -name '*.so') | while read -r so; do cp "$built/$so" "src/$so"; done
rm -f ./*__mypyc*.so
echo "compiled: $(find src -name '*.so' | wc -l) extension modules in $OUT/src"
