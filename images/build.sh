#!/usr/bin/env bash
# Builds the proxy and webhook images with docker or podman from the jars `make build` left in */target
# (`make docker-images`). Without a working engine it says so and exits 0. `make images` builds the same images
# without any engine, as OCI archives (images/oci.sh).
#
#   images/build.sh [--push]
# Environment: CONTAINER_ENGINE (docker|podman, default: the first that works), IMAGE_REGISTRY (ghcr.io/azmon-rw),
# IMAGE_TAG (0.1.0), BASE_IMAGE (eclipse-temurin:17-jre), PLATFORMS (e.g. linux/amd64,linux/arm64: docker buildx).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
registry=${IMAGE_REGISTRY:-ghcr.io/azmon-rw}
tag=${IMAGE_TAG:-0.1.0}
base=${BASE_IMAGE:-eclipse-temurin:17-jre}
push=false
[[ ${1:-} == --push ]] && push=true

engine=${CONTAINER_ENGINE:-}
if [[ -z $engine ]]; then
  for candidate in docker podman; do
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" info >/dev/null 2>&1; then engine=$candidate; break; fi
  done
fi
if [[ -z $engine ]] || ! "$engine" info >/dev/null 2>&1; then
  echo "images: no working docker or podman (no engine, or no daemon reachable): skipped."
  echo "images: on a machine with one: make docker-images (IMAGE_REGISTRY=... IMAGE_TAG=... BASE_IMAGE=...); without one: make images"
  exit 0
fi

for module in proxy webhook; do
  jar="$root/$module/target/azmon-rw-$module.jar"
  [[ -f $jar && -d $root/$module/target/lib ]] || { echo "images: $jar or its target/lib missing: run 'make build' first" >&2; exit 1; }
  image="$registry/azmon-rw-$module:$tag"
  if [[ -n ${PLATFORMS:-} ]]; then
    # multi-platform needs buildx, and a registry to hold the manifest list
    $push || { echo "images: PLATFORMS needs --push (a multi-platform image cannot be loaded locally)" >&2; exit 1; }
    "$engine" buildx build --platform "$PLATFORMS" --build-arg "BASE_IMAGE=$base" \
      -f "$root/images/$module.Dockerfile" -t "$image" --push "$root"
  else
    "$engine" build --build-arg "BASE_IMAGE=$base" -f "$root/images/$module.Dockerfile" -t "$image" "$root"
    $push && "$engine" push "$image"
  fi
  echo "images: built $image"
done
"$engine" images --format '{{.Repository}}:{{.Tag}} {{.Size}}' 2>/dev/null | grep "$registry/azmon-rw-" || true
