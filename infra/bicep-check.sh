#!/usr/bin/env bash
# Compiles and lints every Bicep file under infra/ offline; any diagnostic (warning or error) fails the check.
# The Bicep CLI comes from NuGet (infra/Bicep.Tools.proj), so no download outside the package registry is needed.
set -euo pipefail
cd "$(dirname "$0")"
dotnet restore Bicep.Tools.proj --verbosity quiet >/dev/null
packages="${NUGET_PACKAGES:-$HOME/.nuget/packages}"
bicep="$packages/azure.bicep.commandline.linux-x64/0.49.2/tools/bicep"
chmod +x "$bicep"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
failed=0
count=0
while IFS= read -r -d '' file; do
  count=$((count + 1))
  diagnostics="$("$bicep" build "$file" --outdir "$out" 2>&1; "$bicep" lint "$file" 2>&1)" || failed=1
  if [ -n "$diagnostics" ]; then
    echo "$diagnostics"
    failed=1
  fi
done < <(find . -name '*.bicep' -not -path './obj/*' -print0 | sort -z)
if [ "$count" -eq 0 ]; then
  echo "bicep-check: no .bicep files found" >&2
  exit 1
fi
if [ "$failed" -ne 0 ]; then
  echo "bicep-check: $count files, diagnostics found (lint rules are errors)" >&2
  exit 1
fi
echo "bicep-check: $count files compiled and linted clean"
