#!/usr/bin/env bash
# A throwaway PostgreSQL for the tests: `postgres.sh start DIR` makes a cluster in DIR (trust auth, loopback only,
# a free port, its unix socket in DIR), starts it and prints its SQLAlchemy URL; `postgres.sh stop DIR` stops it
# and removes DIR. Installs Debian's postgresql when initdb/pg_ctl are missing. Fails loudly, never skips.
set -euo pipefail

fail() {
    echo "postgres.sh: error: $*" >&2
    exit 1
}

bin_dir() {
    # Debian keeps the server binaries out of PATH, under /usr/lib/postgresql/VERSION/bin; the newest wins
    local dir
    dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
    if [[ -n "$dir" && -x "$dir/pg_ctl" && -x "$dir/initdb" ]]; then
        echo "$dir"
    elif command -v pg_ctl >/dev/null && command -v initdb >/dev/null; then
        dirname "$(command -v pg_ctl)"
    fi
}

install_postgres() {
    [[ $(id -u) -eq 0 ]] || fail "PostgreSQL (initdb, pg_ctl) is not installed and installing it needs root: apt-get install postgresql"
    command -v apt-get >/dev/null || fail "PostgreSQL (initdb, pg_ctl) is not installed and there is no apt-get to install it"
    echo "postgres.sh: installing Debian's postgresql" >&2
    # the package lists are fetched only when the install cannot find the package without them
    if ! DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null 2>&1; then
        apt-get update -qq >/dev/null || fail "apt-get update failed"
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || fail "apt-get install postgresql failed"
    fi
}

# run a server binary as the user who owns the cluster: root may not run postgres
as_owner() {
    if [[ $(id -u) -eq 0 ]]; then
        runuser -u postgres -- "$@"
    else
        "$@"
    fi
}

free_port() {
    python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

start() {
    local dir=$1 bin port
    bin=$(bin_dir)
    if [[ -z "$bin" ]]; then
        install_postgres
        bin=$(bin_dir)
        [[ -n "$bin" ]] || fail "postgresql is installed but initdb/pg_ctl were not found under /usr/lib/postgresql/*/bin"
    fi
    mkdir -p "$dir" 2>/dev/null || fail "cannot make the cluster's folder $dir"
    if [[ $(id -u) -eq 0 ]]; then
        id postgres >/dev/null 2>&1 || fail "there is no 'postgres' user to run the server as (root may not run it)"
        chown postgres "$dir"
    fi
    chmod 700 "$dir"
    as_owner "$bin/initdb" --pgdata="$dir/data" --username=annotator --auth=trust --encoding=UTF8 --locale=C.UTF-8 \
        --no-instructions >"$dir/initdb.log" 2>&1 || fail "initdb failed: $(tail -n 5 "$dir/initdb.log")"
    # trust for every local connection, except the members of password_login: the tests of a wrong password need one
    cat >"$dir/data/pg_hba.conf" <<'HBA'
local all all trust
host all +password_login 127.0.0.1/32 scram-sha-256
host all all 127.0.0.1/32 trust
host all all ::1/128 trust
HBA
    port=$(free_port)
    # fsync off: the cluster is thrown away after the run, and the tests need its speed, not its durability
    if ! as_owner "$bin/pg_ctl" --pgdata="$dir/data" --log="$dir/server.log" --wait --timeout=60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" \
        start >/dev/null; then
        fail "the server did not start: $(tail -n 5 "$dir/server.log" 2>/dev/null)"
    fi
    echo "$port" >"$dir/port"
    "$bin/psql" --quiet --no-psqlrc --host="$dir" --port="$port" --username=annotator --dbname=postgres \
        --command="CREATE ROLE password_login NOLOGIN" >/dev/null || fail "cannot create the role password_login"
    echo "postgresql+psycopg://annotator@127.0.0.1:$port/postgres"
}

stop() {
    local dir=$1 bin
    bin=$(bin_dir)
    if [[ -n "$bin" && -f "$dir/data/postmaster.pid" ]]; then
        as_owner "$bin/pg_ctl" --pgdata="$dir/data" --mode=immediate --wait stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}

case "${1:-}" in
start) start "${2:?usage: postgres.sh start DIR}" ;;
stop) stop "${2:?usage: postgres.sh stop DIR}" ;;
*) fail "usage: postgres.sh start|stop DIR" ;;
esac
