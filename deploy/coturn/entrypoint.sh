#!/bin/sh
# The coturn image's entrypoint (docker-compose.yml). coturn takes its static-auth-secret from its
# configuration file or its command line only, and a command line is public: `ps` on the host
# and `docker inspect` show it. So the file coturn reads is put together here, readable by
# coturn's user alone: the mounted configuration (deploy/turnserver.conf) and the secret, which
# compose puts in a file (its secret `turn-secret`, from TURN_SECRET in .env). The arguments
# (realm, external IP, allowed peer) go to turnserver as they are; nothing secret is among them.
#
# TURNSERVER_BASE_CONFIG and TURN_SECRET_FILE point elsewhere when this runs outside the image
# (the integration tests run it against Debian's coturn).
set -eu
base_config=${TURNSERVER_BASE_CONFIG:-/etc/coturn/turnserver.conf}
secret_file=${TURN_SECRET_FILE:-/run/secrets/turn-secret}

if [ ! -r "$secret_file" ]; then
  echo "multaqa-turnserver: cannot read the TURN secret at $secret_file (set TURN_SECRET in .env)" >&2
  exit 1
fi
secret=$(cat "$secret_file")
case $secret in
  '' | *[![:graph:]]* | *'#'*)
    echo "multaqa-turnserver: $secret_file must hold the TURN secret, one word without spaces or '#'" >&2
    exit 1
    ;;
esac

umask 077
dir=$(mktemp -d)
{
  cat "$base_config"
  printf '\n# Added at start from %s\nstatic-auth-secret=%s\n' "$secret_file" "$secret"
} >"$dir/turnserver.conf"
exec turnserver -c "$dir/turnserver.conf" "$@"
