#!/usr/bin/env bash
# Lays out the files the quarry image needs besides the application itself, for Jib to add on top of `scratch`:
# a Java runtime cut down by jlink from the JDK running the build, the shared libraries that runtime links against
# (copied from this machine, with the dynamic loader), and a minimal /etc and /tmp. No base image is pulled, so the
# image builds where no container registry can be reached.
#
# Usage: image-root.sh OUTPUT_DIR JAVA_HOME
set -euo pipefail
out="$1"
java_home="$2"

# The modules jdeps finds in quarry.jar (jdeps --print-module-deps --multi-release 17), plus jdk.crypto.ec for TLS
# to Postgres with EC certificates and jdk.zipfs for reading jars as file systems.
modules=java.base,java.compiler,java.desktop,java.naming,java.net.http,java.security.jgss,java.sql,jdk.management
modules=$modules,jdk.unsupported,jdk.crypto.ec,jdk.zipfs

rm -rf "$out"
mkdir -p "$out"
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages --compress=2 \
    --output "$out/opt/java"

# java.desktop is there for java.beans (Jackson and SnakeYAML look it up); the server is headless, so the native
# parts for windows, fonts, images and sound are never loaded and would only pull X11 and font libraries in.
for lib in libawt_xawt libjawt libfontmanager libsplashscreen libjsound libjavajpeg liblcms; do
  rm -f "$out/opt/java/lib/$lib.so"
done

# Every library the runtime's executables and libraries link against, from outside the runtime, at the same path
# (so the loader's default search finds them without an ld.so.cache), and the loader itself.
find "$out/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) -print0 \
  | { xargs -0 ldd 2>/dev/null || true; } \
  | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $2 ~ /^\(0x/ { print $1 }' \
  | sort -u \
  | while read -r lib; do
      case "$lib" in "$out"/*) continue ;; esac
      mkdir -p "$out$(dirname "$lib")"
      cp -L "$lib" "$out$lib"
    done

mkdir -p "$out/etc" "$out/tmp" "$out/home/quarry"
cat > "$out/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/sbin/nologin
quarry:x:65532:65532:quarry:/home/quarry:/sbin/nologin
EOF
cat > "$out/etc/group" <<'EOF'
root:x:0:
quarry:x:65532:
EOF
echo 'hosts: files dns' > "$out/etc/nsswitch.conf"
