#!/bin/sh
# Installs what smtplab needs to build and test on Debian 12 (apt-get when root;
# otherwise prints the exact command to run and fails).
set -e
PKGS="build-essential pkg-config libglib2.0-dev libjson-glib-dev libssl-dev \
libgtk-4-dev libpcap-dev libedit-dev gettext clang libclang-rt-14-dev valgrind tmux \
python3 python3-aiosmtpd python3-jsonschema swaks msmtp curl postfix mutt xvfb imagemagick \
netcat-openbsd libnet-ssleay-perl libio-socket-ssl-perl libauthen-sasl-perl \
fonts-wqy-microhei tcpdump pandoc chromium e2fsprogs mount \
xauth iproute2 util-linux git ca-certificates debootstrap libxml2-utils unzip patch"
missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" = 0 ]; then
	echo "smtplab: installing$missing"
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >/dev/null
	apt-get install -y -q --no-install-recommends $missing >/dev/null
else
	echo "smtplab: missing packages; run:"
	echo "  sudo apt-get install$missing"
	exit 1
fi
