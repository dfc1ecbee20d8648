#!/usr/bin/env bash
# Regenerates src/generated/onnx_pb.ts from schema/onnx.proto (ONNX v1.22.0, commit
# 2bb50465112feca9003e1ed654d77f01ff1415ca, onnx/onnx.proto, Apache-2.0) with protoc-gen-es.
# Not part of the build: the generated file is committed. Needs only the npm registry.
set -euo pipefail
cd "$(dirname "$0")/../schema"
tools=$(mktemp -d)
trap 'rm -rf "$tools"' EXIT
npm install --prefix "$tools" --no-save --no-audit --no-fund @bufbuild/buf@1.75.0 @bufbuild/protoc-gen-es@2.17.0 >/dev/null
PATH="$tools/node_modules/.bin:$PATH" buf generate
