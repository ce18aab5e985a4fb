#!/usr/bin/env bash
# build-unbound.sh -- build the Unbound that Debian ships, with the dynlib
# module loader, into a project-local directory.
#
# Usage: contrib/build-unbound.sh [--force] [DIR]
#   DIR       default: $ORCHARD_UNBOUND_DIR, else <repo>/.unbound
#   --force   rebuild even if DIR/src already holds a working build
#
# Why: Debian's unbound binary package is built without --with-dynlibmodule,
# and a dynlib module must be compiled against the configured source tree
# (config.h, util/module.h, dynlibmod/dynlibmod.h) of the Unbound that loads
# it. So we rebuild Debian's own source package (same version, same Debian
# patches) with the loader switched on, plus ipset/libmnl so benchmarks can
# compare against Unbound's own ipset module.
#
# Result:
#   DIR/src           configured and built tree: unbound, unbound-control,
#                     unbound-checkconf, config.h and the headers; this is what
#                     `configure --with-unbound-source=DIR/src` expects
#   DIR/dl            the downloaded Debian source package (.dsc + tarballs)
#   DIR/build.log     everything the steps printed
#   DIR/configure-args  the configure line used
#
# Needs root (or password-less sudo) only for what is missing: a deb-src apt
# entry (derived from the existing apt sources, never a hard-coded mirror) and
# the build dependencies. Safe to re-run: a working build is reused within a
# second, and concurrent runs serialize on DIR/.lock.
set -euo pipefail

me=build-unbound
top=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
force=0
case ${1:-} in
  -f|--force) force=1; shift ;;
  -h|--help) sed -n '2,/^set -euo/{/^set -euo/d;s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
esac
dir=${1:-${ORCHARD_UNBOUND_DIR:-$top/.unbound}}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
src=$dir/src
log=$dir/build.log
stamp=$src/.orchard-build-ok

# Packages configure and make need (also listed in contrib/debian-packages.txt).
build_deps=(dpkg-dev build-essential pkg-config libssl-dev libexpat1-dev
            libevent-dev libmnl-dev bison flex)
# Kept close to Debian's debian/rules (its paths, subnet, TCP fast open and
# hardened compiler flags), minus the features that pull in extra libraries
# (dnstap, systemd, nghttp2, python), plus what Orchard needs (dynlib) and what
# the benchmarks compare against (ipset). Nothing is installed: the paths only
# set compiled-in defaults (tests always pass -c).
configure_args=(--with-dynlibmodule --with-libevent --disable-flto
                --enable-ipset --with-libmnl
                --enable-subnet --enable-tfo-client --enable-tfo-server
                --disable-rpath --prefix=/usr --sysconfdir=/etc --localstatedir=/var
                --with-chroot-dir= --with-pidfile=/run/unbound.pid
                --with-rootkey-file=/usr/share/dns/root.key)

say() { printf '%s: %s\n' "$me" "$*"; }
die() { printf '%s: error: %s\n' "$me" "$*" >&2; exit 1; }

# works: DIR/src holds a complete build of ours with the dynlib loader linked in.
works() {
  [[ -f $stamp && -x $src/unbound && -x $src/unbound-control && -x $src/unbound-checkconf &&
     -f $src/config.h && -f $src/dynlibmod/dynlibmod.h ]] || return 1
  "$src/unbound" -V 2>/dev/null | grep -Eq '^Linked modules:.*\bdynlib\b'
}
version() { "$src/unbound" -V 2>/dev/null | sed -n 's/^Version //p'; }

if (( !force )) && works; then
  say "reusing $src (unbound $(version))"; exit 0
fi

# One build at a time per DIR; a second caller waits, then reuses the result.
exec 9>"$dir/.lock"
if ! flock -n 9; then
  say "another build of $dir is running; waiting for it (max 20 min)"
  flock -w 1200 9 || die "timed out waiting for the lock $dir/.lock"
  if works; then say "reusing $src (unbound $(version))"; exit 0; fi
fi
if (( !force )) && works; then
  say "reusing $src (unbound $(version))"; exit 0
fi

: > "$log"
# step NAME CMD...: run CMD with its output in the log; on failure show the tail.
# A step that takes long (configure, make) says every 20 s that it is alive
# (make: with the number of objects compiled so far).
step() {
  local name=$1; shift
  printf '\n=== %s: %s\n' "$name" "$*" >> "$log"
  local started=$SECONDS rc=0
  "$@" >> "$log" 2>&1 &
  local pid=$!
  while ! wait_for "$pid" 20; do
    say "  $name: $((SECONDS - started)) s so far$(progress_of "$name")"
  done
  wait "$pid" || rc=$?
  if (( rc != 0 )); then
    printf '%s: error: step "%s" failed: %s\n' "$me" "$name" "$*" >&2
    printf '%s: last 40 lines of %s:\n' "$me" "$log" >&2
    tail -n 40 "$log" >&2
    exit 1
  fi
}
# progress_of STEP: ", N objects compiled" while make runs, else nothing.
progress_of() {
  [[ $1 == make ]] || return 0
  printf ', %s objects compiled' "$(find "$src" -name '*.o' 2>/dev/null | wc -l)"
}
# wait_for PID SECONDS: true once PID has ended, false after SECONDS.
wait_for() {
  local i
  for ((i = 0; i < $2 * 4; i++)); do
    kill -0 "$1" 2>/dev/null || return 0
    sleep 0.25
  done
  return 1
}
as_root() {
  if (( EUID == 0 )); then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo -n "$@"
  else echo "needs root: $*" >&2; return 1
  fi
}
export DEBIAN_FRONTEND=noninteractive
apt_get() { as_root apt-get -o DPkg::Lock::Timeout=600 -q "$@"; }

# --- 1. build dependencies --------------------------------------------------
missing=()
for p in "${build_deps[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
done
if (( ${#missing[@]} )); then
  say "installing build dependencies: ${missing[*]}"
  step "install build deps" apt_get install -y --no-install-recommends "${missing[@]}"
fi

# --- 2. a deb-src entry derived from the existing apt sources ---------------
# Only entries of this Debian release are mirrored (suite == codename or
# codename-*), so third-party repositories without sources are left alone.
codename=$( (. /etc/os-release && echo "${VERSION_CODENAME:-}") 2>/dev/null || true)
list_files() { compgen -G "$1" || true; }
have_deb_src() {
  local f
  for f in $(list_files '/etc/apt/sources.list.d/*.sources'); do
    awk 'BEGIN { RS = "" }
         /(^|\n)Types:[^\n]*deb-src/ && !/(^|\n)Enabled:[ \t]*no/ { found = 1 }
         END { exit !found }' "$f" && return 0
  done
  for f in /etc/apt/sources.list $(list_files '/etc/apt/sources.list.d/*.list'); do
    [[ -f $f ]] && grep -Eq '^[[:space:]]*deb-src[[:space:]]' "$f" && return 0
  done
  return 1
}
# derive_deb822 FILE: each enabled "Types: deb" stanza of this release, as deb-src
derive_deb822() {
  awk -v cn="$codename" 'BEGIN { RS = ""; ORS = "\n\n" }
    {
      n = split($0, l, "\n"); types = ""; suites = ""; enabled = 1
      for (i = 1; i <= n; i++) {
        if (l[i] ~ /^Types:/)   types = l[i]
        if (l[i] ~ /^Suites:/)  suites = l[i]
        if (l[i] ~ /^Enabled:[ \t]*[Nn]o/) enabled = 0
      }
      if (!enabled || types !~ /[ \t]deb([ \t]|$)/) next
      if (cn != "") {
        ok = 0; m = split(suites, s, /[ \t]+/)
        for (i = 2; i <= m; i++) if (s[i] == cn || index(s[i], cn "-") == 1) ok = 1
        if (!ok) next
      }
      out = ""
      for (i = 1; i <= n; i++)
        out = out (l[i] ~ /^Types:/ ? "Types: deb-src" : l[i]) (i < n ? "\n" : "")
      print out
    }' "$1"
}
# derive_oneline FILE: each "deb ..." line of this release, as "deb-src ..."
derive_oneline() {
  awk -v cn="$codename" '
    $1 != "deb" { next }
    {
      i = 2; if ($2 ~ /^\[/) { while (i <= NF && $i !~ /\]$/) i++; i++ }  # [options]
      suite = $(i + 1)
      if (cn != "" && suite != cn && index(suite, cn "-") != 1) next
      sub(/^deb/, "deb-src"); print
    }' "$1"
}
added=0
if ! have_deb_src; then
  tmp=$(mktemp)
  for f in $(list_files '/etc/apt/sources.list.d/*.sources'); do
    derive_deb822 "$f" >> "$tmp"
  done
  if [[ -s $tmp ]]; then
    target=/etc/apt/sources.list.d/orchard-deb-src.sources
  else
    for f in /etc/apt/sources.list $(list_files '/etc/apt/sources.list.d/*.list'); do
      [[ -f $f ]] && derive_oneline "$f" >> "$tmp"
    done
    target=/etc/apt/sources.list.d/orchard-deb-src.list
  fi
  [[ -s $tmp ]] || { rm -f "$tmp"; die "no deb-src entry and no Debian 'deb' source to derive one from"; }
  { echo "# deb-src entries derived from the existing apt sources by Orchard's"
    echo "# contrib/build-unbound.sh (to fetch Debian's unbound source package)."
    cat "$tmp"; } > "$tmp.out"
  rm -f "$tmp"
  say "adding deb-src entries: $target"
  step "add deb-src" as_root install -m 0644 "$tmp.out" "$target"
  rm -f "$tmp.out"
  added=1
fi
if (( added )); then step "apt-get update" apt_get update; fi

# --- 3. Debian's source package, the version apt would install -------------
ver=$(apt-cache policy unbound 2>/dev/null | sed -n 's/^ *Candidate: *//p')
[[ -n $ver && $ver != "(none)" ]] || die "apt knows no 'unbound' package version"
mkdir -p "$dir/dl"
fetch() { (cd "$dir/dl" && apt-get source --download-only -q "unbound=$ver"); }
say "fetching Debian source package unbound $ver"
printf '\n=== fetch source unbound=%s\n' "$ver" >> "$log"
if ! fetch >> "$log" 2>&1; then
  say "apt-get source failed; refreshing the package lists and retrying"
  step "apt-get update" apt_get update
  step "fetch source" fetch
fi
dsc=$dir/dl/unbound_${ver#*:}.dsc
[[ -f $dsc ]] || die "expected $dsc after apt-get source"

# --- 4. unpack (with Debian's patches), configure, build ---------------------
build_started=$SECONDS
rm -rf "$src"
step "unpack" dpkg-source --no-copy -x "$dsc" "$src"
cd "$src"
# Debian's compiler and linker flags (CFLAGS, CPPFLAGS, LDFLAGS: -O2 -g, hardening)
eval "$(DEB_BUILD_MAINT_OPTIONS=hardening=+all dpkg-buildflags --export=sh)"
printf '%s\n' "${configure_args[@]}" > "$dir/configure-args"
say "configuring and building unbound $ver: 1 to 3 minutes (log: $log)"
step "configure" ./configure "${configure_args[@]}"
step "make" make -j"$(nproc)"
touch "$stamp"
works || die "built $src/unbound but it does not run or lacks dynlib (see $log)"
say "built unbound $(version) (Debian $ver) in $src in $((SECONDS - build_started)) s"
say "(Orchard's configure takes it as --with-unbound-source=$src)"
