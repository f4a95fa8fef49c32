#!/bin/sh
# One-time preparation of a Debian/Ubuntu machine with Node.js >= 20 for ms-auth's
# demo and test suite: the system packages they need (a headless Secret Service; with
# --test Chromium for the browser tests, zsh and fish for the completion tests), then
# the npm packages.
set -eu
packages="gnome-keyring libsecret-tools dbus-x11 libglib2.0-bin"
if [ "${1:-}" = "--test" ]; then packages="$packages chromium openssl zsh fish"; fi
missing=""
for package in $packages; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'ok installed' || missing="$missing $package"
done
if [ -n "$missing" ]; then
  sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  echo "Installing Debian packages:$missing" >&2
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi
npm ci --no-audit --no-fund
