#!/usr/bin/env bash
# Installs the Portkey gateway (npm @portkey-ai/gateway, pinned in package.json) next to this script for the
# side-by-side gateway benchmark. node_modules is git-ignored; the benchmark skips Portkey when it is missing.
set -euo pipefail
cd "$(dirname "$0")"
npm install --no-audit --no-fund --ignore-scripts
