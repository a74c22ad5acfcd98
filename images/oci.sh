#!/usr/bin/env bash
# make images: the proxy and webhook images as multi-platform OCI archives (linux/amd64 + linux/arm64), without a
# container engine. Debian's packages for each architecture are unpacked into a root filesystem (never executed for
# the foreign one), the jars are layered on top, and the archives are checked (and, for the machine's own
# architecture, run) before this exits 0. See README "Container images".
#
#   images/oci.sh [build|check]
# Environment: IMAGE_REGISTRY, IMAGE_TAG, IMAGE_PLATFORMS, IMAGE_BASE (debian, or an OCI layout/archive path),
# IMAGE_CDS (auto|on|off), IMAGE_DEBIAN_* (see images/debian-rootfs.sh), SOURCE_DATE_EPOCH (default: the commit time),
# IMAGE_SKIP_IF_OFFLINE=1 (exit 0 with a SKIPPED line when the Debian archive cannot be reached and nothing is cached).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
command=${1:-build}
work=${IMAGE_WORK_DIR:-images/target}
jar=images/target/azmon-rw-images.jar
[[ -f $jar ]] || { echo "images: $jar missing: run 'make build' first" >&2; exit 1; }
if [[ $command == build && ${IMAGE_BASE:-debian} == debian ]]; then
  platforms=${IMAGE_PLATFORMS:-linux/amd64,linux/arm64}
  for p in ${platforms//,/ }; do
    rc=0
    images/debian-rootfs.sh "${p#linux/}" "$work" || rc=$?
    if [[ $rc -eq 3 && ${IMAGE_SKIP_IF_OFFLINE:-0} == 1 ]]; then
      echo "images: SKIPPED: the Debian archive is unreachable from this machine (IMAGE_SKIP_IF_OFFLINE=1); nothing was built"
      exit 0
    fi
    [[ $rc -eq 0 ]] || exit "$rc"
  done
fi
# qemu's user-mode emulator lets the check run the other architecture's images too (slowly); without it those are
# checked statically only. Installed when we can (root, apt); IMAGE_EMULATE=0 skips this.
have_qemu() {
  local q
  for q in /usr/bin/qemu-aarch64-static /usr/bin/qemu-aarch64 /usr/bin/qemu-x86_64-static /usr/bin/qemu-x86_64; do
    [[ -x $q ]] && return 0
  done
  return 1
}
if [[ ${IMAGE_EMULATE:-1} == 1 && $command == build ]] && ! have_qemu && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null; then
  export DEBIAN_FRONTEND=noninteractive
  # Debian 12 ships the static emulators as qemu-user-static; Debian 13's qemu-user is static itself
  for pkg in qemu-user-static qemu-user; do
    apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1; apt-get install -y -qq --no-install-recommends "$pkg" >/dev/null 2>&1; } || true
    have_qemu && break
  done
  have_qemu || echo "images: could not install qemu's user-mode emulator: foreign-architecture images are checked statically only"
fi
export PROJECT_ROOT="$root"
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || echo 0)}
export IMAGE_REVISION=${IMAGE_REVISION:-$(git rev-parse HEAD 2>/dev/null || true)}
exec java -Xmx2g -cp "$jar:images/target/lib/*" io.azmonrw.images.Main "$command" "${@:2}"
