#!/bin/sh
# The edge container's entry point: names the site from DRAIZER_DOMAIN, checks the certificate is
# there, then runs nginx in the foreground (nginx -s reload in the container re-reads certificates).
set -eu

domain=${DRAIZER_DOMAIN:-}
# Host names only (space-separated for several): the value lands in nginx's configuration verbatim.
case "$domain" in
  "" | *[!A-Za-z0-9.\ -]*)
    echo "draizer-edge: set DRAIZER_DOMAIN to the site's host name (e.g. trade.example.com)" >&2
    exit 64 ;;
esac
printf 'server_name %s;\n' "$domain" > /etc/nginx/server_name.conf

for file in /etc/nginx/certs/fullchain.pem /etc/nginx/certs/privkey.pem; do
  if [ ! -r "$file" ]; then
    echo "draizer-edge: $file is missing: put the certificate chain and key in TLS_CERT_DIR (docs/operations.md)" >&2
    exit 66
  fi
done

exec nginx -g 'daemon off;'
