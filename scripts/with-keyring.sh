#!/bin/sh
# Runs a command inside a private D-Bus session with a throwaway, unlocked
# gnome-keyring (a real Secret Service), so tests and the demo never touch the
# developer's own keychain. Usage: sh scripts/with-keyring.sh COMMAND [ARG...]
set -u
for tool in dbus-run-session gnome-keyring-daemon gdbus; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is missing. Install the test's system packages: sudo apt-get install -y gnome-keyring libsecret-tools dbus-x11" >&2
    exit 127
  fi
done
# The session daemon's own complaints (e.g. about fd limits in containers) go to
# /dev/null; the command's stderr goes through fd 3 to ours.
exec 3>&2
exec dbus-run-session -- sh -c 'exec 2>&3 3>&-
  MS_AUTH_KEYRING_HOME="$(mktemp -d)"
  export XDG_DATA_HOME="$MS_AUTH_KEYRING_HOME"
  printf %s throwaway-pw | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
  daemon=$!
  if ! gdbus wait --session --timeout 10 org.freedesktop.secrets; then
    echo "with-keyring: gnome-keyring did not start a Secret Service within 10 s" >&2
    kill $daemon 2>/dev/null; rm -rf "$MS_AUTH_KEYRING_HOME"; exit 1
  fi
  "$@"; rc=$?
  kill $daemon 2>/dev/null; wait $daemon 2>/dev/null
  rm -rf "$MS_AUTH_KEYRING_HOME"
  exit $rc' with-keyring "$@" 2>/dev/null
