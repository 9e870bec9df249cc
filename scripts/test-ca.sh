#!/usr/bin/env bash
# Test certificates for the project's private XMPP servers (scripts/prosody.sh and
# scripts/ejabberd.sh with their opt-in TLS variants), made with openssl:
#
#   scripts/test-ca.sh DIR     write into DIR (created if missing):
#                                ca.crt         a private CA
#                                localhost.crt  a certificate for `localhost` (subjectAltName
#                                               DNS:localhost, serverAuth) signed by that CA
#                                localhost.key  its key
#                                wrong-ca.crt   a second CA that signed nothing
#
# Both CA keys are deleted once the certificate is signed. Files that already exist are kept,
# so that a running test keeps trusting the same CA across server restarts. The caller owns
# DIR and its permissions (the servers read localhost.key as their own user).
set -euo pipefail

CERTS="${1:?usage: $0 DIR}"
[ -s "$CERTS/localhost.crt" ] && [ -s "$CERTS/localhost.key" ] && [ -s "$CERTS/wrong-ca.crt" ] && exit 0
mkdir -p "$CERTS"
ossl=(openssl req -x509 -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -days 3650)
"${ossl[@]}" -keyout "$CERTS/ca.key" -out "$CERTS/ca.crt" -subj "/CN=xmpp-ftw-register test CA" 2>/dev/null
"${ossl[@]}" -keyout "$CERTS/wrong-ca.key" -out "$CERTS/wrong-ca.crt" -subj "/CN=xmpp-ftw-register wrong CA" 2>/dev/null
openssl req -new -nodes -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 \
  -keyout "$CERTS/localhost.key" -out "$CERTS/localhost.csr" -subj "/CN=localhost" 2>/dev/null
printf 'subjectAltName=DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' > "$CERTS/localhost.ext"
openssl x509 -req -in "$CERTS/localhost.csr" -CA "$CERTS/ca.crt" -CAkey "$CERTS/ca.key" -CAcreateserial \
  -days 3650 -extfile "$CERTS/localhost.ext" -out "$CERTS/localhost.crt" 2>/dev/null
rm -f "$CERTS/ca.key" "$CERTS/wrong-ca.key" "$CERTS/localhost.csr" "$CERTS/localhost.ext" "$CERTS/ca.srl"
