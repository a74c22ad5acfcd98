#!/usr/bin/env bash
# Runs a command inside an unpacked image the way a container runtime with the manifests' securityContext would:
# as uid/gid 65532, root filesystem read-only, only /tmp writable, /proc, /sys and the /dev nodes the JVM reads.
# Needs root (mount namespaces, chroot); the image tool calls it for its run check and the amd64 CDS training.
#
#   images/rootfs-run.sh ROOTFS TMPDIR COMMAND [ARG...]     TMPDIR (on the host) becomes the image's /tmp
# The environment is passed through unchanged: the caller sets exactly the image's Env plus what it adds.
# ROOTFS_RUN_EMULATOR=/usr/bin/qemu-aarch64-static (removed from that environment) runs a foreign architecture's
# binaries through qemu's user-mode emulator, mounted into the image as /.emulator (no binfmt_misc needed).
set -euo pipefail
emulator=${ROOTFS_RUN_EMULATOR:-}
unset ROOTFS_RUN_EMULATOR
[[ $# -ge 3 ]] || { echo "usage: rootfs-run.sh ROOTFS TMPDIR COMMAND [ARG...]" >&2; exit 2; }
exec unshare --mount --fork --kill-child /bin/bash -euc '
  e=$1; r=$2; t=$3; shift 3
  mkdir -p "$r/proc" "$r/dev" "$r/sys" "$r/tmp" "$r/etc"
  # what a container runtime provides: localhost, and a resolver; loopback only, so no lookup ever leaves the machine
  printf "127.0.0.1 localhost\n::1 localhost ip6-localhost ip6-loopback\n" > "$r/etc/hosts"
  printf "nameserver 127.0.0.1\n" > "$r/etc/resolv.conf"
  mount --bind "$r" "$r"
  for n in null zero random urandom; do : > "$r/dev/$n"; mount --bind "/dev/$n" "$r/dev/$n"; done
  mount -t proc proc "$r/proc"
  mount --rbind /sys "$r/sys"
  mount --bind "$t" "$r/tmp"
  if [[ -n $e ]]; then : > "$r/.emulator"; mount --bind "$e" "$r/.emulator"; set -- /.emulator "$@"; fi
  mount -o remount,bind,ro "$r"
  exec /usr/sbin/chroot --userspec=65532:65532 "$r" "$@"
' rootfs-run "$emulator" "$@"
