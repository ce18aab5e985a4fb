#!/usr/bin/env bash
# setup.sh -- install what Orchard needs on Debian 12 and build it.
#
#   contrib/setup.sh [--builddir DIR] [--no-build]
#
# 1. installs every package in contrib/debian-packages.txt that is missing
#    (apt-get; runs `apt-get update` only when a package cannot be found);
# 2. builds Unbound from Debian's source package with the dynlib loader
#    (contrib/build-unbound.sh, reused when already built);
# 3. configures and builds Orchard out of tree (default: ./build) with
#    --enable-werror and the module enabled.
# Idempotent: a second run only rebuilds what changed. Needs root for step 1.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
builddir=$top/build
build=1
while [ $# -gt 0 ]; do
  case $1 in
    --builddir) builddir=$(realpath -m "$2"); shift 2 ;;
    --no-build) build=0; shift ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    *) echo "setup.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
done
# Out-of-tree builds (build/, build-asan/) cannot share a source tree that
# was configured in place: configure would stop with "source directory
# already configured". Say what to do instead, in one line.
if [ -f "$top/config.status" ]; then
  echo "setup.sh: $top was configured in place (./configure); run 'make distclean' there first, then run this again" >&2
  exit 1
fi
say() { printf '== %s\n' "$*"; }

install_packages() {
  local wanted missing=()
  wanted=$(grep -v '^[[:space:]]*#' "$top/contrib/debian-packages.txt" | awk 'NF {print $1}')
  for p in $wanted; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && { say "packages: all present"; return; }
  [ "$(id -u)" -eq 0 ] || { echo "setup.sh: must run as root to install: ${missing[*]}" >&2; exit 1; }
  say "packages: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  # Debian's resolvers (unbound, knot-resolver, dnsdist) are installed for
  # the tests to start in their own namespaces, never as host services
  # that would resolve on the host's network: policy-rc.d forbids starting
  # services while apt-get runs, when the machine has none of its own.
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' >/usr/sbin/policy-rc.d && chmod 755 /usr/sbin/policy-rc.d
    trap 'rm -f /usr/sbin/policy-rc.d' EXIT
  fi
  if ! apt-get install -y -qq "${missing[@]}" >/tmp/orchard-apt.log 2>&1; then
    apt-get update -qq >>/tmp/orchard-apt.log 2>&1
    apt-get install -y -qq "${missing[@]}" >>/tmp/orchard-apt.log 2>&1 ||
      { tail -20 /tmp/orchard-apt.log >&2; echo "setup.sh: apt-get install failed" >&2; exit 1; }
  fi
}

build_orchard() {
  say "unbound: $("$top/contrib/build-unbound.sh" | tail -1)"
  cd "$top"
  if [ ! -x configure ] || [ configure.ac -nt configure ] || [ Makefile.am -nt Makefile.in ]; then
    say "autoreconf"
    autoreconf -fi >/dev/null 2>&1 || autoreconf -fi
  fi
  mkdir -p "$builddir" && cd "$builddir"
  local args="--enable-werror --with-unbound-source=$top/.unbound/src"
  if [ ! -f Makefile ] || [ "$(cat .orchard-configure-args 2>/dev/null)" != "$args" ]; then
    say "configure $args"
    # shellcheck disable=SC2086
    "$top/configure" -q $args
    echo "$args" >.orchard-configure-args
  fi
  say "make"
  make -s -j"$(nproc)" >/dev/null
  say "built: $builddir/orchardctl $( [ -f module/.libs/orchard.so ] && echo "and $builddir/module/.libs/orchard.so")"
}

# Keeps Debian's resolvers from starting at the next boot too (they are
# fixtures, and unbound-resolvconf would repoint the host's resolv.conf).
disable_resolver_services() {
  [ -d /run/systemd/system ] || return 0
  systemctl disable --quiet unbound.service unbound-resolvconf.service dnsdist.service \
    kresd@1.service 2>/dev/null || true
}

install_packages
disable_resolver_services
[ $build -eq 1 ] && build_orchard
exit 0
