#!/usr/bin/env bash
# Sets the project version everywhere a release names it, in one command (DEVELOPERS.md, "Cutting a release"):
#   scripts/release.sh 0.2.0                 the POMs, the chart's version/appVersion, the manifests' image tags and
#                                            the pinned ref of manifests/examples/install, the Makefile's IMAGE_TAG
#   scripts/release.sh --next 0.3.0-SNAPSHOT the POMs only: development goes on, the manifests keep naming the
#                                            images of the last release, which exist
# Only those lines change (scripts/release.sh is tested on a copy of the repository: ReleaseScriptTest). It prints
# each file it changed; it refuses a version it cannot use and leaves the tree unchanged then.
set -euo pipefail

usage() {
  echo "usage: scripts/release.sh VERSION | --next VERSION-SNAPSHOT   (VERSION like 1.2.3 or 1.2.3-rc.1)" >&2
  exit 2
}

next=false
if [[ ${1:-} == --next ]]; then
  next=true
  shift
fi
[[ $# -eq 1 ]] || usage
version=$1
semver='^[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.]+)?$'
if ! [[ $version =~ $semver ]]; then
  echo "release.sh: '$version' is not a version like 1.2.3 or 1.2.3-rc.1" >&2
  exit 2
fi
if $next && [[ $version != *-SNAPSHOT ]]; then
  echo "release.sh: --next takes a development version ending in -SNAPSHOT (got '$version')" >&2
  exit 2
fi
if ! $next && [[ $version == *-SNAPSHOT ]]; then
  echo "release.sh: a release has no -SNAPSHOT (images and manifests would name it); use --next $version for development" >&2
  exit 2
fi

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"

# the project's version: the first <version> of the root POM (its own, it has no parent)
current=$(sed -n 's#^  <version>\(.*\)</version>$#\1#p' pom.xml | head -n 1)
if [[ -z $current ]]; then
  echo "release.sh: cannot read the project version from pom.xml" >&2
  exit 1
fi
quoted=$(printf '%s' "$current" | sed 's/[.[\*^$/]/\\&/g')

changed=()
# apply FILE SED-SCRIPT: edits FILE in place, records it when its content changed
apply() {
  local file=$1 script=$2 before
  before=$(cat "$file")
  sed -E -i "$script" "$file"
  if [[ $(cat "$file") != "$before" ]]; then
    changed+=("$file")
  fi
}

# POMs: the root's own version, and each module's <parent> version (the first <version> in the file)
for pom in pom.xml */pom.xml; do
  grep -q "<version>$quoted</version>" "$pom" || continue
  apply "$pom" "0,/<version>$quoted<\/version>/s//<version>$version<\/version>/"
done

if ! $next; then
  # image tags of our two images, whatever registry a manifest names, and the tags kustomize sets
  while IFS= read -r -d '' f; do
    apply "$f" "s#(/azmon-rw-(webhook|proxy)):[0-9][^[:space:]\"'@]*#\1:$version#g; s#^([[:space:]]*newTag:[[:space:]]*).*\$#\1$version#; s#(//manifests/[a-z-]+\?ref=v)[^[:space:]\"']+#\1$version#g"
  done < <(find manifests -name '*.yaml' -not -path 'manifests/self-signed/tls/*' -print0 | sort -z)
  apply Makefile "s#^IMAGE_TAG \?= .*\$#IMAGE_TAG ?= $version#"
  chart=charts/azmon-remote-write/Chart.yaml
  if [[ -f $chart ]]; then
    # keeps whatever quoting the line had
    apply "$chart" "s#^version:[[:space:]]*\"?[^\"[:space:]]*\"?[[:space:]]*\$#version: $version#; s#^appVersion:([[:space:]]*)(\"?)[^\"[:space:]]*(\"?)[[:space:]]*\$#appVersion:\1\2$version\3#"
  else
    echo "release.sh: no $chart: the chart's version is left alone" >&2
  fi
fi

if [[ ${#changed[@]} -eq 0 ]]; then
  echo "release.sh: everything already names $version"
else
  echo "release.sh: $current -> $version in:"
  printf '  %s\n' "${changed[@]}"
fi
