#!/usr/bin/env bash
# Assembles the images' base root filesystem for one architecture from Debian's own packages: downloaded with a
# private apt configuration (the machine's apt state and dpkg database are never touched), unpacked with
# `dpkg-deb -x` and never executed (maintainer scripts do not run, so a foreign architecture needs no emulator).
#
#   images/debian-rootfs.sh ARCH OUT_DIR        ARCH: amd64 | arm64
#
# Writes OUT_DIR/rootfs-ARCH (the tree) and OUT_DIR/packages-ARCH.txt (package, version, architecture).
# Environment (all optional): IMAGE_DEBIAN_SUITE (bookworm), IMAGE_DEBIAN_MIRROR (http://deb.debian.org/debian),
# IMAGE_DEBIAN_SECURITY_MIRROR (http://deb.debian.org/debian-security), IMAGE_DEBIAN_KEYRING
# (/usr/share/keyrings/debian-archive-keyring.gpg), IMAGE_JRE_PACKAGE (openjdk-17-jre-headless).
# IMAGE_DEBIAN_SUITE=trixie IMAGE_JRE_PACKAGE=openjdk-25-jre-headless: Debian 13's Java 25 (AOT cache, compact headers
# on amd64; the jars stay compiled for 17). Not the default yet: its arm64 webhook did not get ready under qemu in time.
# Downloads are cached under OUT_DIR/debian: with the archive unreachable, a cached set is used (with a warning);
# with nothing cached either, the exit status is 3.
set -euo pipefail

arch=${1:?usage: debian-rootfs.sh ARCH OUT_DIR}
out=${2:?usage: debian-rootfs.sh ARCH OUT_DIR}
mkdir -p "$out" && out=$(cd "$out" && pwd)
case $arch in amd64|arm64) ;; *) echo "debian-rootfs: unsupported architecture '$arch' (amd64 or arm64)" >&2; exit 2;; esac

suite=${IMAGE_DEBIAN_SUITE:-bookworm}
mirror=${IMAGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
security=${IMAGE_DEBIAN_SECURITY_MIRROR:-http://deb.debian.org/debian-security}
keyring=${IMAGE_DEBIAN_KEYRING:-/usr/share/keyrings/debian-archive-keyring.gpg}
# Debian 13 names the same keyring .pgp
[[ -r $keyring || -n ${IMAGE_DEBIAN_KEYRING:-} ]] || keyring=/usr/share/keyrings/debian-archive-keyring.pgp
jre=${IMAGE_JRE_PACKAGE:-openjdk-17-jre-headless}
jdk=${jre/-jre-headless/-jdk-headless}
# jlink (default): a runtime of the modules in images/jre-modules.txt, linked from Debian's jmods of the same version
# (about half the size); debian: Debian's whole JRE as packaged, with its class-data archive on every architecture
jre_mode=${IMAGE_JRE:-jlink}
case $jre_mode in jlink|debian) ;; *) echo "debian-rootfs: IMAGE_JRE must be jlink or debian, not '$jre_mode'" >&2; exit 2;; esac
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# The closure the JVM and the jars' native code (snappy-java, Netty) need: `make images` checks every ELF NEEDED
# entry of the JVM, its libraries and the jars' native libraries against the result, so a missing one fails there.
packages=(libc6 libgcc-s1 libstdc++6 zlib1g "$jre")
arch_all=(ca-certificates)
# JVM libraries for desktop, sound, smart cards and the serviceability agent: their X11, ALSA, font and PC/SC
# dependencies are not in the image (a headless server never loads them), and a library whose dependencies are
# missing only misleads scanners. Applies to Debian's JRE and to the linked one alike.
desktop_libs=(libawt_xawt libjawt libsplashscreen libjsound libfontmanager liblcms libjavajpeg libj2pcsc libatk-wrapper libsaproc)
prune_desktop_libs() {
  local lib
  for lib in "${desktop_libs[@]}"; do rm -f "$jhome/lib/$lib.so"; done
}

for tool in apt-get dpkg-deb; do
  command -v $tool >/dev/null || { echo "debian-rootfs: $tool not found (a Debian or Ubuntu machine is needed)" >&2; exit 1; }
done
[[ -r $keyring ]] || { echo "debian-rootfs: $keyring missing: install debian-archive-keyring or set IMAGE_DEBIAN_KEYRING" >&2; exit 1; }

apt_dir="$out/debian/apt"
debs="$out/debian/debs-$arch"
mkdir -p "$apt_dir/lists/partial" "$apt_dir/archives/partial" "$apt_dir/etc/sources.list.d" "$apt_dir/etc/preferences.d" "$debs"
: > "$apt_dir/status"
src="[arch=amd64,arm64 signed-by=$keyring]"
cat > "$apt_dir/etc/sources.list" <<EOF
deb $src $mirror $suite main
deb $src $mirror $suite-updates main
deb $src $security $suite-security main
EOF
apt_opts=(-q -o "Dir::State=$apt_dir" -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::State::status=$apt_dir/status"
  -o "Dir::Cache=$apt_dir" -o "Dir::Cache::archives=$apt_dir/archives"
  -o "Dir::Etc::SourceList=$apt_dir/etc/sources.list" -o "Dir::Etc::SourceParts=$apt_dir/etc/sources.list.d"
  -o "Dir::Etc::Preferences=$apt_dir/etc/preferences" -o "Dir::Etc::PreferencesParts=$apt_dir/etc/preferences.d"
  -o "APT::Architecture=$arch" -o "APT::Architectures::=$arch" -o "Debug::NoLocking=1"
  -o "APT::Sandbox::User=root")

fetch() {
  # one update per build (both architectures share the lists)
  if [[ ! -f $apt_dir/updated.$$ ]]; then
    apt-get "${apt_opts[@]}" update >"$apt_dir/update.log" 2>&1 || { cat "$apt_dir/update.log" >&2; return 1; }
    : > "$apt_dir/updated.$$"
  fi
  local names=()
  for p in "${packages[@]}"; do names+=("$p:$arch"); done
  names+=("${arch_all[@]}")
  rm -f "$debs"/*.deb.partial
  (cd "$debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" download "${names[@]}" >"$apt_dir/download-$arch.log" 2>&1) \
    || { cat "$apt_dir/download-$arch.log" >&2; return 1; }
}

# Links the runtime with jlink: the jmods come from Debian's JDK package for the target architecture, jlink itself
# from the JDK package of this machine's architecture (same version: jlink refuses jmods of another), run from an
# unpacked copy so that the machine's own Java does not matter.
link_runtime() {
  local host tools jdk_debs version
  host=$(dpkg --print-architecture)
  tools="$out/debian/tools-$host"
  jdk_debs="$out/debian/jdk-debs"
  mkdir -p "$jdk_debs"
  (cd "$jdk_debs" && rm -f ./*.deb && apt-get "${apt_opts[@]}" -o "APT::Architectures::=$host" download "$jdk:$arch" "$jdk:$host" "$jre:$host" \
     libc6:"$host" libgcc-s1:"$host" libstdc++6:"$host" zlib1g:"$host" >"$apt_dir/download-jdk-$arch.log" 2>&1) || { cat "$apt_dir/download-jdk-$arch.log" >&2; exit 1; }
  version=$(dpkg-deb -f "$(ls "$jdk_debs"/${jdk}_*_"$arch".deb)" Version)
  if [[ $(cat "$tools/.version" 2>/dev/null) != "$version" ]]; then
    rm -rf "$tools" && mkdir -p "$tools"
    dpkg-deb -x "$(ls "$jdk_debs"/${jre}_*_"$host".deb)" "$tools"
    dpkg-deb -x "$(ls "$jdk_debs"/${jdk}_*_"$host".deb)" "$tools"
    # the suite's own C library for this machine's architecture: a newer suite's JDK needs a newer glibc than the
    # build machine may have (Debian 13's needs 2.38, Debian 12 has 2.36), so jlink runs through this copy's loader
    local lib
    for lib in libc6 libgcc-s1 libstdc++6 zlib1g; do dpkg-deb -x "$(ls "$jdk_debs"/${lib}_*_"$host".deb)" "$tools"; done
    # the packages' absolute links (configuration under /etc) must lead into this copy, not into the machine
    find "$tools" -type l -lname '/*' | while read -r l; do ln -sfn "$tools$(readlink "$l")" "$l"; done
    echo "$version" > "$tools/.version"
  fi
  local jmods="$out/debian/jmods-$arch"
  rm -rf "$jmods" && mkdir -p "$jmods"
  dpkg-deb -x "$(ls "$jdk_debs"/${jdk}_*_"$arch".deb)" "$jmods"
  local modules
  modules=$(grep -v '^#' "$here/jre-modules.txt" | grep -v '^[[:space:]]*$' | paste -sd, -)
  local linked="$out/debian/jlink-$arch"
  rm -rf "$linked"
  # --strip-java-debug-attributes rather than --strip-debug: the latter runs this machine's objcopy on the
  # foreign architecture's libraries (Debian's are already stripped)
  local name=${jhome##*/}
  local loader libpath
  # Debian 12's packages put the C library under /lib, Debian 13's under /usr/lib
  loader=$(find "$tools/usr/lib" "$tools/lib" -maxdepth 2 -name 'ld-linux*.so.*' 2>/dev/null | LC_ALL=C sort | head -1 || true)
  libpath=$(find "$tools/usr/lib" "$tools/lib" -maxdepth 2 \( -name libc.so.6 -o -name 'libz.so.*' -o -name libgcc_s.so.1 \) \
    -printf '%h\n' 2>/dev/null | LC_ALL=C sort -u | paste -sd: - || true)
  [[ -n $loader && -n $libpath ]] || { echo "debian-rootfs: no C library for $host unpacked in $tools" >&2; exit 1; }
  "$loader" --library-path "$libpath" "$tools/usr/lib/jvm/${name%-"$arch"}-$host/bin/jlink" \
    --module-path "$jmods/usr/lib/jvm/$name/jmods" --add-modules "$modules" \
    --strip-java-debug-attributes --no-header-files --no-man-pages --output "$linked"
  rm -rf "$jhome" "$rootfs/etc/java-"*-openjdk
  mv "$linked" "$jhome"
  # the trust store `make images` writes from Debian's CA certificates, where Debian's JRE looks for it
  rm -f "$jhome/lib/security/cacerts"
  ln -s /etc/ssl/certs/java/cacerts "$jhome/lib/security/cacerts"
  rm -rf "$jmods"
}

if ! fetch; then
  if compgen -G "$debs/*.deb" >/dev/null && [[ $(ls "$debs"/*.deb | wc -l) -eq $(( ${#packages[@]} + ${#arch_all[@]} )) ]]; then
    echo "debian-rootfs: WARNING: the Debian archive ($mirror, $suite) is unreachable: using the packages cached in $debs" >&2
  else
    echo "debian-rootfs: cannot download ${packages[*]} ${arch_all[*]} for $arch from $mirror ($suite) and nothing is cached in $debs" >&2
    # 3: "the archive is unreachable", which images/oci.sh can be told to treat as a skip (IMAGE_SKIP_IF_OFFLINE=1)
    exit 3
  fi
fi

rootfs="$out/rootfs-$arch"
rm -rf "$rootfs"
mkdir -p "$rootfs/var/lib/dpkg/status.d"
list="$out/packages-$arch.txt"
: > "$list"
for deb in "$debs"/*.deb; do
  dpkg-deb -x "$deb" "$rootfs"
  name=$(dpkg-deb -f "$deb" Package)
  # the control file where scanners (trivy, grype, syft) look for packages in an image without a dpkg database
  dpkg-deb -f "$deb" > "$rootfs/var/lib/dpkg/status.d/$name"
  dpkg-deb -f "$deb" Package Version Architecture | awk -F': ' '{printf "%s%s", (NR>1?" ":""), $2} END {print ""}' >> "$list"
done
sort -o "$list" "$list"
# Debian 13's packages install under /usr only ("merged /usr"); the links from / that base-files would make are made
# here, for the ELF interpreters (/lib64/ld-linux-x86-64.so.2, /lib/ld-linux-aarch64.so.1) and library paths
for d in lib lib64 sbin; do
  if [[ -d $rootfs/usr/$d && ! -e $rootfs/$d && ! -L $rootfs/$d ]]; then ln -s "usr/$d" "$rootfs/$d"; fi
done

# Docs, manuals and translations: dead weight in an image. Copyright files stay (the packages' licences ask for them).
find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete 2>/dev/null || true
find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete 2>/dev/null || true
rm -rf "$rootfs"/usr/share/{man,info,lintian,locale,gdb,bug,bash-completion} "$rootfs"/usr/lib/debug
# ca-certificates' update script is for a system with a shell; the bundle it would make is built here instead
rm -f "$rootfs/usr/sbin/update-ca-certificates"
mkdir -p "$rootfs/etc/ssl/certs"
find "$rootfs/usr/share/ca-certificates/mozilla" -name '*.crt' | LC_ALL=C sort | xargs cat > "$rootfs/etc/ssl/certs/ca-certificates.crt"

jhome=$(find "$rootfs/usr/lib/jvm" -mindepth 1 -maxdepth 1 -type d -name 'java-*-openjdk-*' | LC_ALL=C sort | head -1)
[[ -n $jhome ]] || { echo "debian-rootfs: no JVM under $rootfs/usr/lib/jvm after unpacking $jre" >&2; exit 1; }
# javac's symbol table, the archive for heaps over 32 GiB (compressed oops off) and the packaging tool: never used here
rm -rf "$jhome/lib/ct.sym" "$jhome/lib/server/classes_nocoops.jsa" "$jhome/bin/jpackage" "$jhome/man" "$jhome/docs"
if [[ $jre_mode == jlink ]]; then
  link_runtime
fi
prune_desktop_libs
echo "${jhome#"$rootfs"}" > "$out/java-home-$arch.txt"
echo "debian-rootfs: $arch: $(wc -l < "$list") packages, $(du -sh "$rootfs" | cut -f1) in $rootfs"
