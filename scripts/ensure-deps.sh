#!/usr/bin/env bash
# Makes sure the Debian packages the tests need are present: installs them when running as root,
# otherwise stops with one line saying what to install. Called by `make test` (and `make demo`).
set -euo pipefail

need_pkgs=()
# promtool checks our /metrics output; prometheus is the real remote-write client of the end-to-end tests
command -v promtool >/dev/null 2>&1 || need_pkgs+=(prometheus)
if [[ " ${need_pkgs[*]-} " != *" prometheus "* ]]; then
  command -v prometheus >/dev/null 2>&1 || need_pkgs+=(prometheus)
fi
for extra in "$@"; do
  command -v "$extra" >/dev/null 2>&1 || need_pkgs+=("$extra")
done

# kubectl builds every kustomize overlay in the manifest tests (they skip with a message without it); it is
# on the machine image; when missing we try the kubectl package (not Debian's kubernetes-client: its 1.20
# kustomize predates the fields our overlays use) without failing the run over it
if ! command -v kubectl >/dev/null 2>&1 && [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq || true
  for candidate in kubectl; do
    if apt-get install -y -qq --no-install-recommends "$candidate" >/dev/null 2>&1 && command -v kubectl >/dev/null 2>&1; then
      echo "ensure-deps: installed kubectl from Debian package $candidate"
      break
    fi
  done
  command -v kubectl >/dev/null 2>&1 || echo "ensure-deps: kubectl not available; the kustomize build checks will be skipped" >&2
fi

if ((${#need_pkgs[@]} == 0)); then
  exit 0
fi

if [[ $(id -u) -eq 0 ]] && command -v apt-get >/dev/null 2>&1; then
  echo "ensure-deps: installing ${need_pkgs[*]} (Debian $(cat /etc/debian_version 2>/dev/null || echo '?'))"
  export DEBIAN_FRONTEND=noninteractive
  # The package's maintainer script would start a prometheus service on :9090. Tests never need it, so ask
  # invoke-rc.d / deb-systemd-invoke not to start services during this install (policy-rc.d exit 101 = "action
  # forbidden"), unless the machine already has a policy of its own. Nothing is ever stopped by name: a
  # Prometheus the user runs is left alone.
  pidfile=/run/prometheus/prometheus.pid
  pid_before=$(cat "$pidfile" 2>/dev/null || true)
  policy_added=
  if [[ ! -e /usr/sbin/policy-rc.d ]]; then
    printf '#!/bin/sh\n# temporary, written by azmon-remote-write scripts/ensure-deps.sh\nexit 101\n' > /usr/sbin/policy-rc.d
    chmod 755 /usr/sbin/policy-rc.d
    policy_added=1
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need_pkgs[@]}" >/dev/null
  if [[ -n $policy_added ]]; then rm -f /usr/sbin/policy-rc.d; trap - EXIT; fi
  # Should a service have started anyway (an existing policy allowed it), stop exactly the daemon this install
  # started: the PID its init script wrote, only when that file is new.
  pid_after=$(cat "$pidfile" 2>/dev/null || true)
  if [[ -n $pid_after && $pid_after != "$pid_before" ]] && kill -0 "$pid_after" 2>/dev/null; then
    echo "ensure-deps: stopping the prometheus service the package started (pid $pid_after)"
    kill "$pid_after" 2>/dev/null || true
  fi
  for p in "${need_pkgs[@]}"; do
    if [[ $p == prometheus ]]; then
      command -v promtool >/dev/null && command -v prometheus >/dev/null || { echo "ensure-deps: prometheus package installed but promtool/prometheus not on PATH" >&2; exit 1; }
    fi
  done
  exit 0
fi

echo "ensure-deps: missing Debian package(s): ${need_pkgs[*]}; install with: sudo apt-get install -y --no-install-recommends ${need_pkgs[*]}" >&2
exit 1
