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
# /dev/null, the keyring daemon's to a log printed after a failed run; the command's
# stderr goes through fd 3 to ours.
exec 3>&2
exec dbus-run-session -- sh -c 'exec 2>&3 3>&-
  MS_AUTH_KEYRING_HOME="$(mktemp -d)"
  export XDG_DATA_HOME="$MS_AUTH_KEYRING_HOME"
  printf %s throwaway-pw | gnome-keyring-daemon --foreground --unlock --components=secrets >"$MS_AUTH_KEYRING_HOME/daemon.log" 2>&1 &
  daemon=$!
  if ! gdbus wait --session --timeout 10 org.freedesktop.secrets; then
    echo "with-keyring: gnome-keyring did not start a Secret Service within 10 s" >&2
    kill $daemon 2>/dev/null; rm -rf "$MS_AUTH_KEYRING_HOME"; exit 1
  fi
  "$@"; rc=$?
  # After a failed run, what became of the Secret Service (for keychain failures mid-run).
  if [ $rc -ne 0 ]; then
    kill -0 $daemon 2>/dev/null && alive="still running" || alive="no longer running"
    echo "with-keyring: the throwaway gnome-keyring-daemon is $alive; its default collection: $(gdbus call --session --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets --method org.freedesktop.Secret.Service.ReadAlias default 2>&1 | head -c 200)" >&2
    tail -n 20 "$MS_AUTH_KEYRING_HOME/daemon.log" >&2
  fi
  kill $daemon 2>/dev/null; wait $daemon 2>/dev/null
  rm -rf "$MS_AUTH_KEYRING_HOME"
  exit $rc' with-keyring "$@" 2>/dev/null
