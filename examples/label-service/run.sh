#!/usr/bin/env bash
# Builds the example (needs dev.actionclip:action-clip in ~/.m2: `mvn install` in the project root) and labels
# one video: run.sh MODEL VIDEO "label one,label two,..." [VOCAB]. Extra Maven options: MVN_ARGS (e.g. -o).
set -euo pipefail
if [[ $# -lt 3 || $# -gt 4 ]]; then
  echo "usage: $0 MODEL VIDEO LABELS [VOCAB]   (LABELS: a comma list)" >&2
  exit 2
fi
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# .mvn/maven.config (picked up from this folder) restricts the natives to linux-x86_64
(cd "$here" && mvn -q -B ${MVN_ARGS:-} package) >&2
cp="$here/target/classes:$(cat "$here/target/classpath.txt")"
# LibTorch memory is native and counted by JavaCPP: do not cap it at the heap size.
exec java ${JAVA_OPTS:--Xmx2g} -Dorg.bytedeco.javacpp.maxPhysicalBytes=0 -Dorg.bytedeco.javacpp.maxBytes=0 \
  -cp "$cp" com.example.labelservice.LabelVideo "$@"
