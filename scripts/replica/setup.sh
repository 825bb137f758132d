#!/usr/bin/env bash
# A streaming hot standby of the local PostgreSQL 15 on another port, for the read-replica routing
# (DATABASE_READ_URL, decision 0050) and its API test (test/api/replica.test.ts).
#
#   bash scripts/replica/setup.sh            make (or remake) the standby and wait until it streams
#   bash scripts/replica/setup.sh teardown   stop it and delete its files
#   bash scripts/replica/setup.sh status     what the primary and the standby say about replication
#   bash scripts/replica/setup.sh stop|start stop the standby (its files stay) or start it again: the
#                                            API test's "replica down" case
#
# Unattended (CI=true, no stdin): it asks nothing. As root it runs the PostgreSQL programs as the
# `postgres` account (PostgreSQL refuses to run as root); as any other user, as that user.
#
# The standby is a copy of the whole primary cluster (pg_basebackup -R: every database, so a
# database created on the primary later appears on the standby too), with its own configuration
# file (Debian keeps the primary's in /etc, which a base backup does not copy) and the settings a
# hot standby must have at least as large as its primary's. Running setup again deletes the standby
# and takes a fresh base backup: idempotent.
#
# What it may change on the primary, and only when needed: a `host replication` line in pg_hba.conf
# (the existing `host all` lines do not match replication connections) followed by a reload, which
# is harmless to running sessions. It never restarts the primary: a wal_level below `replica` or no
# free WAL sender is reported with the setting to change, and the script stops.
#
# Environment (defaults in brackets):
#   PRIMARY_HOST [127.0.0.1]  PRIMARY_PORT [5432]  PRIMARY_USER [postgres]
#   REPLICA_PORT [5433]       REPLICA_DIR [/var/lib/postgresql/jiceng-replica-$REPLICA_PORT as root,
#                              else $HOME/.jiceng-replica-$REPLICA_PORT]
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
PRIMARY_HOST=${PRIMARY_HOST:-127.0.0.1}
PRIMARY_PORT=${PRIMARY_PORT:-5432}
PRIMARY_USER=${PRIMARY_USER:-postgres}
REPLICA_PORT=${REPLICA_PORT:-5433}
if [ "$(id -u)" = 0 ]; then
  REPLICA_DIR=${REPLICA_DIR:-/var/lib/postgresql/jiceng-replica-$REPLICA_PORT}
else
  REPLICA_DIR=${REPLICA_DIR:-$HOME/.jiceng-replica-$REPLICA_PORT}
fi
REPLICA_LOG="$REPLICA_DIR.log"
# A marker in pg_hba.conf, so that the line is recognised as this script's.
HBA_MARK='# jiceng replica (scripts/replica/setup.sh)'

say() { echo "replica: $*"; }
die() {
  echo "replica: $*" >&2
  exit 1
}

# Runs a PostgreSQL program as the account that owns the standby's files.
as_pg() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

primary_sql() { psql -X -q -At -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -d postgres -c "$1"; }
replica_sql() { psql -X -q -At -h 127.0.0.1 -p "$REPLICA_PORT" -U "$PRIMARY_USER" -d postgres -c "$1"; }

# Stops the standby of a previous run (if its files are there) and deletes them.
teardown() {
  if [ -f "$REPLICA_DIR/postmaster.pid" ]; then
    say "stopping the standby in $REPLICA_DIR"
    # Fast, not immediate: an immediate stop waited 10 s here for its children to go.
    as_pg "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  if [ -d "$REPLICA_DIR" ]; then
    # Only a directory this script made is deleted: it holds a standby's files.
    if [ -f "$REPLICA_DIR/standby.signal" ] || [ -f "$REPLICA_DIR/PG_VERSION" ] || [ -z "$(ls -A "$REPLICA_DIR")" ]; then
      rm -rf "$REPLICA_DIR"
    else
      die "$REPLICA_DIR is not a standby's data directory; not deleting it"
    fi
  fi
  rm -f "$REPLICA_LOG"
}

check_primary() {
  command -v psql >/dev/null || die "psql is not installed"
  [ -x "$PG_BIN/pg_basebackup" ] || die "no PostgreSQL binaries in $PG_BIN (set PG_BIN)"
  "$PG_BIN/pg_isready" -q -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" ||
    die "the primary on $PRIMARY_HOST:$PRIMARY_PORT does not answer"
  local wal_level senders used
  wal_level=$(primary_sql "show wal_level")
  [ "$wal_level" = replica ] || [ "$wal_level" = logical ] ||
    die "the primary's wal_level is $wal_level: set wal_level = replica and restart the primary (the script does not restart it)"
  senders=$(primary_sql "show max_wal_senders")
  used=$(primary_sql "select count(*) from pg_stat_replication")
  [ "$senders" -gt "$used" ] ||
    die "the primary has no free WAL sender (max_wal_senders = $senders, $used in use): raise it and restart the primary"
}

# A replication connection must be allowed by pg_hba.conf; `host all …` does not match one.
allow_replication() {
  if psql -X -q -At "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$PRIMARY_USER replication=true dbname=postgres" \
    -c "IDENTIFY_SYSTEM" >/dev/null 2>&1; then
    return
  fi
  local hba
  hba=$(primary_sql "show hba_file")
  [ -w "$hba" ] || die "replication connections are refused and $hba is not writable: add 'host replication $PRIMARY_USER $PRIMARY_HOST/32 trust' and reload"
  say "allowing replication connections from $PRIMARY_HOST in $hba (and reloading the primary)"
  printf '%s\nhost replication %s %s/32 trust\n' "$HBA_MARK" "$PRIMARY_USER" "$PRIMARY_HOST" >>"$hba"
  primary_sql "select pg_reload_conf()" >/dev/null
  sleep 0.5
  psql -X -q -At "host=$PRIMARY_HOST port=$PRIMARY_PORT user=$PRIMARY_USER replication=true dbname=postgres" \
    -c "IDENTIFY_SYSTEM" >/dev/null || die "replication connections are still refused after the pg_hba.conf change"
}

setup() {
  check_primary
  if "$PG_BIN/pg_isready" -q -h 127.0.0.1 -p "$REPLICA_PORT" && [ ! -f "$REPLICA_DIR/postmaster.pid" ]; then
    die "another server answers on port $REPLICA_PORT (not this script's standby): choose REPLICA_PORT"
  fi
  allow_replication
  teardown

  local t0=$SECONDS
  if [ "$(id -u)" = 0 ]; then
    install -d -o postgres -g postgres -m 0700 "$(dirname "$REPLICA_DIR")"
  fi
  say "base backup of $PRIMARY_HOST:$PRIMARY_PORT into $REPLICA_DIR"
  # -R writes standby.signal and primary_conninfo; -X stream carries the WAL written meanwhile;
  # -c fast checkpoints at once instead of spreading the checkpoint over minutes; --no-sync (and
  # fsync = off below): a test standby that a crash loses is made again.
  as_pg "$PG_BIN/pg_basebackup" -h "$PRIMARY_HOST" -p "$PRIMARY_PORT" -U "$PRIMARY_USER" -D "$REPLICA_DIR" \
    -R -X stream -c fast --no-sync

  # A hot standby refuses to start with any of these below its primary's.
  local s conf="$REPLICA_DIR/postgresql.conf"
  {
    echo "# Written by scripts/replica/setup.sh: a hot standby of $PRIMARY_HOST:$PRIMARY_PORT"
    echo "port = $REPLICA_PORT"
    echo "listen_addresses = '127.0.0.1'"
    echo "unix_socket_directories = ''"
    echo "hot_standby = on"
    # The primary keeps the rows a long dashboard query on the standby still reads (fewer queries
    # cancelled by replay conflicts), at the price of some bloat on the primary while it runs.
    echo "hot_standby_feedback = on"
    echo "wal_receiver_status_interval = 1s"
    # The primary's memory settings: a standby that serves the heavy reads needs the same cache.
    for s in shared_buffers work_mem effective_cache_size; do
      echo "$s = '$(primary_sql "show $s")'"
    done
    echo "logging_collector = off"
    # Disposable: no fsync, which also skips the sync of every file at the first start (10 s here).
    # A production standby keeps fsync on.
    echo "fsync = off"
    for s in max_connections max_worker_processes max_wal_senders max_prepared_transactions \
      max_locks_per_transaction; do
      echo "$s = $(primary_sql "show $s")"
    done
    # The same session defaults as the primary: a query answers the same on both.
    for s in timezone datestyle lc_messages lc_monetary lc_numeric lc_time default_text_search_config; do
      echo "$s = '$(primary_sql "show $s")'"
    done
  } >"$conf"
  printf 'local all all trust\nhost all all 127.0.0.1/32 trust\n' >"$REPLICA_DIR/pg_hba.conf"
  : >"$REPLICA_DIR/pg_ident.conf"
  if [ "$(id -u)" = 0 ]; then
    chown postgres:postgres "$conf" "$REPLICA_DIR/pg_hba.conf" "$REPLICA_DIR/pg_ident.conf"
    install -o postgres -g postgres -m 0600 /dev/null "$REPLICA_LOG"
  fi
  chmod 0600 "$conf" "$REPLICA_DIR/pg_hba.conf" "$REPLICA_DIR/pg_ident.conf"

  say "starting the standby on 127.0.0.1:$REPLICA_PORT"
  as_pg "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_LOG" -w -t 60 start >/dev/null ||
    {
      tail -n 20 "$REPLICA_LOG" >&2 || true
      die "the standby did not start (log: $REPLICA_LOG)"
    }

  wait_streaming
  say "streaming hot standby ready in $((SECONDS - t0)) s"
  echo "DATABASE_READ_URL=postgres://$PRIMARY_USER@127.0.0.1:$REPLICA_PORT/<the primary's database name>"
}

# Streaming, and replayed past what the primary had written once it started (up to a minute).
wait_streaming() {
  local target state=''
  target=$(primary_sql "select pg_current_wal_lsn()")
  for _ in $(seq 1 600); do
    state=$(replica_sql "select coalesce((select status from pg_stat_wal_receiver), 'none') || ' ' ||
      (pg_last_wal_replay_lsn() >= '$target'::pg_lsn)::text" 2>/dev/null || true)
    [ "$state" = 'streaming true' ] && break
    sleep 0.1
  done
  [ "$state" = 'streaming true' ] || die "the standby is not streaming (state: ${state:-no answer}; log: $REPLICA_LOG)"
  [ "$(replica_sql "select pg_is_in_recovery()")" = t ] || die "the server on $REPLICA_PORT is not in recovery"
}

status() {
  echo "primary $PRIMARY_HOST:$PRIMARY_PORT:"
  primary_sql "select application_name, client_addr, state, sent_lsn, replay_lsn,
    pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn) as lag_bytes from pg_stat_replication" || true
  echo "standby 127.0.0.1:$REPLICA_PORT ($REPLICA_DIR):"
  replica_sql "select 'in recovery: ' || pg_is_in_recovery() || ', replayed ' || pg_last_wal_replay_lsn() ||
    ', last transaction replayed at ' || coalesce(pg_last_xact_replay_timestamp()::text, '-')" 2>/dev/null ||
    echo "  not running"
}

# Stops the standby, keeping its files (a replica that went away); `start` brings it back.
stop_standby() {
  [ -f "$REPLICA_DIR/postmaster.pid" ] || die "no standby running in $REPLICA_DIR"
  as_pg "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -m fast -w -t 60 stop >/dev/null
  say "standby stopped"
}

start_standby() {
  [ -f "$REPLICA_DIR/standby.signal" ] || die "no standby in $REPLICA_DIR: run setup first"
  as_pg "$PG_BIN/pg_ctl" -D "$REPLICA_DIR" -l "$REPLICA_LOG" -w -t 60 start >/dev/null ||
    die "the standby did not start (log: $REPLICA_LOG)"
  wait_streaming
  say "standby streaming again"
}

case "${1:-setup}" in
setup | up) setup ;;
teardown | down) teardown && say "standby removed" ;;
status) status ;;
stop) stop_standby ;;
start) start_standby ;;
*) die "usage: setup.sh [setup|teardown|status|stop|start]" ;;
esac
