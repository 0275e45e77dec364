#!/bin/sh
# certs.sh OUT SCENARIO... - the lab's certificates, made with the openssl
# command so a class can watch TLS verification succeed and fail:
#   OUT/ca.crt, ca.key              the lab CA (clients trust it: --ca)
#   OUT/HOST.crt, HOST.key          one per [host HOST] of the scenarios,
#                                   signed by the lab CA, naming the host
#                                   and its listen addresses (RFC 6125)
#   OUT/rogue-ca.crt, rogue-ca.key  a CA nobody trusts: with --ca
#                                   rogue-ca.crt verification must fail
set -eu
out=$1
shift
mkdir -p "$out"
days=3650

key() {
	openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null
	chmod 600 "$1"
}

ca() {
	key "$out/$1.key"
	openssl req -x509 -new -key "$out/$1.key" -days $days -subj "/O=smtplab/CN=$2" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" -out "$out/$1.crt"
}

[ -f "$out/ca.crt" ] || ca ca "smtplab lab CA"
[ -f "$out/rogue-ca.crt" ] || ca rogue-ca "a CA nobody trusts"

# hosts NAME and their addresses (listen= and listen-tls=), one host a line
hosts=$(awk '
	/^\[host / { if (name) print name, ips; name = $2; sub(/\]$/, "", name); ips = "" }
	/^\[/ && !/^\[host / { if (name) print name, ips; name = "" }
	name && /^(listen|listen-tls)=/ {
		a = $0; sub(/^[a-z-]+=/, "", a); sub(/:[0-9]+$/, "", a); gsub(/[][]/, "", a)
		if (index(ips, a) == 0) ips = ips " " a
	}
	END { if (name) print name, ips }' "$@")

echo "$hosts" | while read -r name ips; do
	[ -n "$name" ] || continue
	[ -f "$out/$name.crt" ] && continue
	san="DNS:$name"
	for ip in $ips; do san="$san,IP:$ip"; done
	key "$out/$name.key"
	openssl req -new -key "$out/$name.key" -subj "/O=smtplab/CN=$name" -out "$out/$name.csr"
	printf 'subjectAltName=%s\nextendedKeyUsage=serverAuth\n' "$san" > "$out/$name.ext"
	openssl x509 -req -in "$out/$name.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" \
		-CAcreateserial -days $days -extfile "$out/$name.ext" -out "$out/$name.crt" 2>/dev/null
	rm -f "$out/$name.csr" "$out/$name.ext"
done
