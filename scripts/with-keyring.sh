#!/bin/sh
# Runs a command inside a private D-Bus session with a throwaway, unlocked
# gnome-keyring (a real Secret Service), so tests and the demo never touch the
# developer's own keychain. Usage: sh scripts/with-keyring.sh COMMAND [ARG...]
#
# gnome-keyring-daemon can abort when Secret Service sessions are opened at the same
# time (GNOME gnome-keyring#190, #196), as the suite's parallel runs do. The private
# bus therefore starts the daemon itself, on the first call and again after such a
# crash, always unlocked on the same keyring files; the stock service file would bring
# it back locked and empty-handed. A restart is reported, whatever the outcome.
set -u
for tool in dbus-run-session gnome-keyring-daemon gdbus; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "with-keyring: '$tool' is missing. Install the test's system packages: sudo apt-get install -y gnome-keyring libsecret-tools dbus-x11 libglib2.0-bin" >&2
    exit 127
  fi
done
home="$(mktemp -d)" || exit 1
# The path goes into a D-Bus configuration and a service file's Exec line unquoted.
case "$home" in
*[!A-Za-z0-9/._-]*)
  echo "with-keyring: the temporary directory $home has characters a D-Bus configuration cannot take: set TMPDIR to a plain path" >&2
  rm -rf "$home"
  exit 1
  ;;
esac
# The daemon still running (only if the pid is still gnome-keyring's), then the directory.
cleanup() {
  pid=$(cat "$home/daemon.pid" 2>/dev/null) &&
    grep -q gnome-keyring-daemon "/proc/$pid/cmdline" 2>/dev/null && kill "$pid" 2>/dev/null &&
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -rf "$home"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
mkdir "$home/services" "$home/data"
printf %s throwaway-pw >"$home/password"
cat >"$home/daemon.sh" <<EOF
#!/bin/sh
echo "with-keyring: gnome-keyring-daemon started \$(date +%T.%N)" >>"$home/daemon.log"
echo \$\$ >"$home/daemon.pid"
export XDG_DATA_HOME="$home/data"
exec gnome-keyring-daemon --foreground --unlock --components=secrets <"$home/password" >>"$home/daemon.log" 2>&1
EOF
cat >"$home/services/org.freedesktop.secrets.service" <<EOF
[D-BUS Service]
Name=org.freedesktop.secrets
Exec=/bin/sh $home/daemon.sh
EOF
cat >"$home/bus.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <keep_umask/>
  <listen>unix:tmpdir=$home</listen>
  <auth>EXTERNAL</auth>
  <servicedir>$home/services</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
  <!-- The limits of a desktop's session bus (/usr/share/dbus-1/session.conf). -->
  <limit name="max_incoming_bytes">1000000000</limit>
  <limit name="max_outgoing_bytes">1000000000</limit>
  <limit name="max_message_size">1000000000</limit>
  <limit name="service_start_timeout">120000</limit>
  <limit name="auth_timeout">240000</limit>
  <limit name="max_completed_connections">100000</limit>
  <limit name="max_incomplete_connections">10000</limit>
  <limit name="max_connections_per_user">100000</limit>
  <limit name="max_pending_service_starts">10000</limit>
  <limit name="max_names_per_connection">50000</limit>
  <limit name="max_match_rules_per_connection">50000</limit>
  <limit name="max_replies_per_connection">50000</limit>
</busconfig>
EOF
# The session daemon's own complaints (e.g. about fd limits in containers) go to
# /dev/null; the command's stderr goes through fd 3 to ours.
exec 3>&2
dbus-run-session --config-file="$home/bus.conf" -- sh -c 'exec 2>&3 3>&-
  home="$1"; shift
  export XDG_DATA_HOME="$home/data"
  if ! gdbus call --session --timeout 10 --dest org.freedesktop.secrets --object-path /org/freedesktop/secrets \
      --method org.freedesktop.Secret.Service.ReadAlias default >/dev/null; then
    echo "with-keyring: gnome-keyring did not start a Secret Service within 10 s:" >&2
    cat "$home/daemon.log" >&2
    exit 1
  fi
  "$@"; rc=$?
  starts=$(grep -c "^with-keyring: gnome-keyring-daemon started" "$home/daemon.log")
  if [ "$starts" -gt 1 ]; then
    echo "with-keyring: gnome-keyring-daemon crashed and was started again $((starts - 1)) time(s); its log:" >&2
    grep -v "^GNOME_KEYRING_CONTROL=\|^SSH_AUTH_SOCK=\|^$" "$home/daemon.log" | tail -n 20 >&2
  elif [ $rc -ne 0 ]; then
    echo "with-keyring: gnome-keyring-daemon ran throughout (its default collection: $(gdbus call --session --dest org.freedesktop.secrets \
      --object-path /org/freedesktop/secrets --method org.freedesktop.Secret.Service.ReadAlias default 2>&1 | head -c 200))" >&2
  fi
  exit $rc' with-keyring "$home" "$@" 2>/dev/null
exit $?
