#!/usr/bin/env bash
# Installs the Debian packages odm-intake needs (OCR, and for the tests: IMAP server, browser,
# PostgreSQL). Idempotent: installs only what is missing. Uses sudo when not root.
set -euo pipefail

PACKAGES=(tesseract-ocr tesseract-ocr-fra dovecot-imapd chromium postgresql)
missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
echo "installing Debian packages: ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# The packaged IMAP and database services are not used: tests start their own throwaway ones.
for service in dovecot postgresql; do
  $SUDO systemctl disable --now "$service" >/dev/null 2>&1 || $SUDO service "$service" stop >/dev/null 2>&1 || true
done
