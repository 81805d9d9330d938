# The private PostgreSQL cluster of ./thoughtboard: sourced by it, not run on its own. It relies on the entry
# script's root, data, pg_port, pg_user, app_database and its say/note/die/apt_install helpers.
# The cluster lives in .data/pg, listens on 127.0.0.1:$pg_port only (no Unix socket), and its password is in
# .data/pg-password.

pg_bin=
find_pg_bin() {
  local dir
  for dir in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -t/ -k5 -n -r); do
    if [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then pg_bin=$dir; return 0; fi
  done
  return 1
}

ensure_postgres_installed() {
  find_pg_bin && return 0
  # The OS package also creates and starts its own default cluster; Thoughtboard does not use it.
  apt_install postgresql
  find_pg_bin || die "PostgreSQL was installed but no /usr/lib/postgresql/*/bin/initdb was found."
}

port_in_use() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# As root the server runs as the postgres OS user (PostgreSQL refuses to run as root).
# Paths given to it are resolved (.data/pg may be a link into a folder only postgres reaches).
pg_as_owner() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pg_home="$data/pg"          # data/ is the cluster, server.log its log; may be a link, see below
password_file="$data/pg-password"

pg_dir() { readlink -f "$pg_home"; }
pg_running() { [ -f "$pg_home/data/PG_VERSION" ] && pg_as_owner "$pg_bin/pg_ctl" -D "$(pg_dir)/data" status >/dev/null 2>&1; }

# Where the cluster lives. Normally .data/pg; when the postgres user cannot reach the repository
# (a clone under /root, mode 700) the cluster goes where it can, and .data/pg links to it.
prepare_pg_home() {
  mkdir -p "$data"
  if [ -e "$pg_home" ] || [ -L "$pg_home" ]; then return 0; fi
  if [ "$(id -u)" != 0 ]; then mkdir -p "$pg_home"; return 0; fi
  id postgres >/dev/null 2>&1 || die "the postgres OS user is missing; reinstall the postgresql package."
  if runuser -u postgres -- test -x "$data"; then
    mkdir -p "$pg_home"
  else
    local hash target
    hash=$(printf '%s' "$root" | sha256sum | cut -c1-12)
    target="/var/tmp/thoughtboard-$hash"
    # Left by an earlier clone at this path: its password went with that clone's .data/, so start afresh.
    if [ -e "$target" ]; then
      if [ -f "$target/data/postmaster.pid" ] && kill -0 "$(head -1 "$target/data/postmaster.pid")" 2>/dev/null; then
        die "a PostgreSQL from an earlier clone at this path still runs in $target; stop it (pg_ctl -D $target/data stop as postgres) and run this again."
      fi
      rm -rf "$target"
    fi
    mkdir -p "$target"
    ln -s "$target" "$pg_home"
    note "The postgres user cannot reach $root, so the cluster lives in $target (linked from .data/pg)."
  fi
  chown postgres: "$pg_home/" && chmod 700 "$pg_home/"
}

init_cluster() {
  [ -f "$pg_home/data/PG_VERSION" ] && return 0
  rm -rf "${pg_home:?}/data"   # what a failed initdb left behind
  say "Creating a private PostgreSQL cluster in .data/pg (port $pg_port, user $pg_user)"
  if [ ! -s "$password_file" ]; then
    (umask 077; head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$password_file")
  fi
  local pwfile
  pwfile=$(mktemp)
  cp "$password_file" "$pwfile"
  [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
  pg_as_owner "$pg_bin/initdb" -D "$(pg_dir)/data" -U "$pg_user" --pwfile="$pwfile" \
    --auth-host=scram-sha-256 --auth-local=scram-sha-256 -E UTF8 --locale=C >"$data/initdb.log" 2>&1 \
    || { rm -f "$pwfile"; die "initdb failed; see .data/initdb.log"; }
  rm -f "$pwfile"
  # Loopback TCP only, no Unix socket: nothing outside this folder and port is touched.
  cat >> "$pg_home/data/postgresql.conf" <<EOF

# Thoughtboard's private cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = ''
max_connections = 200
fsync = off
synchronous_commit = off
full_page_writes = off
EOF
}

pg_connection() { # database
  printf 'Host=127.0.0.1;Port=%s;Database=%s;Username=%s;Password=%s' "$pg_port" "$1" "$pg_user" "$(cat "$password_file")"
}

started_pg=
start_postgres() {
  ensure_postgres_installed
  prepare_pg_home
  init_cluster
  if pg_running; then
    local running_port
    running_port=$(sed -n 4p "$pg_home/data/postmaster.pid" 2>/dev/null || true)
    if [ -n "$running_port" ] && [ "$running_port" != "$pg_port" ]; then
      die "the private PostgreSQL is already running on port $running_port, not $pg_port; run ./thoughtboard down first."
    fi
    note "PostgreSQL already running on 127.0.0.1:$pg_port"
  else
    if port_in_use "$pg_port"; then
      die "port $pg_port is already taken by another program; choose another with THOUGHTBOARD_PG_PORT=<port>."
    fi
    say "Starting PostgreSQL on 127.0.0.1:$pg_port"
    pg_as_owner "$pg_bin/pg_ctl" -D "$(pg_dir)/data" -l "$(pg_dir)/server.log" -o "-p $pg_port" -w -t 60 start >/dev/null \
      || die "PostgreSQL did not start; see .data/pg/server.log"
    started_pg=1
  fi
  PGPASSWORD=$(cat "$password_file") "$pg_bin/psql" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" -d postgres -tAq \
    -c "SELECT 1 FROM pg_database WHERE datname = '$app_database'" | grep -q 1 \
    || PGPASSWORD=$(cat "$password_file") "$pg_bin/createdb" -h 127.0.0.1 -p "$pg_port" -U "$pg_user" "$app_database" \
    || die "could not create the database $app_database."
}

stop_postgres() {
  find_pg_bin || return 0
  [ -f "$pg_home/data/PG_VERSION" ] || return 0
  if pg_running; then
    say "Stopping PostgreSQL"
    pg_as_owner "$pg_bin/pg_ctl" -D "$(pg_dir)/data" -m fast -w stop >/dev/null || note "pg_ctl stop failed; see .data/pg/server.log"
  fi
}

# Sets ConnectionStrings__Thoughtboard for the applications. THOUGHTBOARD_DB wins; with `start` (up) the
# private cluster is started and used; otherwise a value already in the environment is kept, else the
# private cluster's is set.
use_database() { # [start]
  if [ -n "${THOUGHTBOARD_DB:-}" ]; then
    export ConnectionStrings__Thoughtboard="$THOUGHTBOARD_DB"
    note "Using the external PostgreSQL from THOUGHTBOARD_DB"
    return 0
  fi
  if [ "${1:-}" = start ]; then
    start_postgres
    export ConnectionStrings__Thoughtboard
    ConnectionStrings__Thoughtboard=$(pg_connection "$app_database")
  elif [ -z "${ConnectionStrings__Thoughtboard:-}" ] && [ -s "$password_file" ]; then
    export ConnectionStrings__Thoughtboard
    ConnectionStrings__Thoughtboard=$(pg_connection "$app_database")
  fi
}
