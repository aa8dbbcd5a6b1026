#!/usr/bin/env bash
# Idempotent local/CI provisioning: system packages, .venv, var/secrets.env,
# the service account, PostgreSQL (roles, databases, per-service schemas) and
# RabbitMQ (vhosts, users). Safe to run any number of times; a re-run changes nothing.
set -euo pipefail

# shellcheck source=scripts/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
cd "$HOUSING_ROOT"

PYTHON="${PYTHON:-python3}"
VENV="$HOUSING_ROOT/.venv"

[[ $(id -u) -eq 0 ]] || die "must run as root (installs packages, manages PostgreSQL/RabbitMQ)"

umask 022
mkdir -p -m 0700 "$HOUSING_VAR"   # opened to the service account's group below (3b)
mkdir -p "$HOUSING_RUN" "$HOUSING_VAR/log"

# Whether Erlang's epmd runs before anything here can start it (installing or
# starting RabbitMQ, or a rabbitmqctl probe): `make down` stops it only if not.
epmd_before="$(epmd_pid)"

# --- 1. system packages ------------------------------------------------------

want=(rabbitmq-server postgresql fonts-wqy-zenhei make chromium)
command -v "$PYTHON" >/dev/null 2>&1 || want+=(python3)
missing=()
for p in "${want[@]}"; do pkg_installed "$p" || missing+=("$p")
done
if ! command -v "$PYTHON" >/dev/null 2>&1 \
        || ! "$PYTHON" -m venv --help >/dev/null 2>&1 \
        || ! "$PYTHON" -c 'import ensurepip' >/dev/null 2>&1; then
    pkg_installed python3-venv || missing+=(python3-venv)
fi
newly_installed=" "
if ((${#missing[@]})); then
    log "installing: ${missing[*]}"
    apt_get update -qq
    apt_get install -y -q --no-install-recommends "${missing[@]}"
    newly_installed=" ${missing[*]} "
fi
command -v "$PYTHON" >/dev/null 2>&1 || die "$PYTHON not found"

# --- 2. virtualenv -----------------------------------------------------------

if [[ -e $VENV ]] && ! "$VENV/bin/python" -c 'import sys' >/dev/null 2>&1; then
    log "existing .venv is broken; recreating"
    rm -rf "$VENV"
fi
if [[ ! -x $VENV/bin/python ]]; then
    log "creating .venv with $("$PYTHON" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
    "$PYTHON" -m venv "$VENV" || die "python3 -m venv failed"
    rm -f "$HOUSING_VAR/requirements.stamp"
fi
req_sha="$(sha256sum requirements.txt | cut -d' ' -f1)"
if [[ "$(cat "$HOUSING_VAR/requirements.stamp" 2>/dev/null || true)" != "$req_sha" ]]; then
    log "installing Python requirements"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r requirements.txt \
        || die "pip install -r requirements.txt failed"
    printf '%s\n' "$req_sha" >"$HOUSING_VAR/requirements.stamp"
fi

# --- 3. secrets --------------------------------------------------------------

# Creates var/secrets.env (0600, O_EXCL) if missing; if it exists, only
# appends keys that are missing from it. Never rewrites existing values.
# Each process's own broker user has its password (deploy/access.py declares them).
keys="$(PYTHONPATH="$HOUSING_ROOT" "$PYTHON" -m deploy.access broker-password-keys)" \
    || die "deploy/access.py does not load"
mapfile -t broker_password_keys <<<"$keys"
# One database schema and role per service, from the one list of services.
schemas="$(PYTHONPATH="$HOUSING_ROOT" "$PYTHON" -m services.directory schemas)" \
    || die "services/directory.py does not load"
mapfile -t HOUSING_SERVICES <<<"$schemas"
"$PYTHON" - "$HOUSING_SECRETS" "${HOUSING_SERVICES[@]}" -- "${broker_password_keys[@]}" <<'PY'
import base64, os, secrets, sys

path = sys.argv[1]
services, broker_password_keys = (sys.argv[2:sys.argv.index("--")], sys.argv[sys.argv.index("--") + 1:])
tok = secrets.token_urlsafe
wanted = [
    ("HOUSING_PG_HOST", "127.0.0.1"),
    ("HOUSING_PG_PORT", "5432"),
    ("HOUSING_PG_DB", "housing"),
    ("HOUSING_PG_TEST_DB", "housing_test"),
    ("HOUSING_PG_ADMIN_USER", "housing_admin"),
    ("HOUSING_PG_ADMIN_PASSWORD", tok(24)),          # 32 url-safe chars
    *[(f"HOUSING_PG_PASSWORD_{s.upper()}", tok(24)) for s in services],
    ("HOUSING_AMQP_HOST", "127.0.0.1"),
    ("HOUSING_AMQP_PORT", "5672"),
    ("HOUSING_AMQP_USER", "housing"),
    ("HOUSING_AMQP_PASSWORD", tok(24)),
    *[(key, tok(24)) for key in broker_password_keys],
    ("HOUSING_AMQP_VHOST", "housing"),
    ("HOUSING_AMQP_TEST_VHOST", "housing_test"),
    ("HOUSING_TOKEN_SECRET", tok(36)),               # 48 url-safe chars
    ("HOUSING_CIPHER_KEY", base64.b64encode(secrets.token_bytes(32)).decode()),
    # Shared secrets with the external parties (simulated locally): request and callback signatures.
    *[(f"HOUSING_{p}_SECRET", tok(32)) for p in ("BANK", "FACE", "ESIGN", "SMS", "REALESTATE")],
    ("HOUSING_NOTARY_SECRET", tok(32)),              # the notary's QR links and live-capture checks
]
try:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
except FileExistsError:
    present = set()
    with open(path) as f:
        for line in f:
            line = line.strip()
            if line and not line.startswith("#") and "=" in line:
                present.add(line.split("=", 1)[0].removeprefix("export ").strip())
    add = [(k, v) for k, v in wanted if k not in present]
    if add:
        with open(path, "r+") as f:
            text = f.read()
            if text and not text.endswith("\n"):
                f.write("\n")
            f.writelines(f"{k}={v}\n" for k, v in add)
        print("[provision] added missing keys to var/secrets.env:", " ".join(k for k, _ in add))
else:
    with os.fdopen(fd, "w") as f:
        f.writelines(f"{k}={v}\n" for k, v in wanted)
    print("[provision] created var/secrets.env with fresh random secrets")
PY
chmod 0600 "$HOUSING_SECRETS"
load_env_file "$HOUSING_SECRETS"

for s in "${HOUSING_SERVICES[@]}"; do
    v="HOUSING_PG_PASSWORD_${s^^}"
    [[ -n ${!v:-} ]] || die "$v is empty in var/secrets.env"
done
for v in HOUSING_PG_HOST HOUSING_PG_PORT HOUSING_PG_DB HOUSING_PG_TEST_DB HOUSING_PG_ADMIN_USER \
         HOUSING_PG_ADMIN_PASSWORD HOUSING_AMQP_USER HOUSING_AMQP_PASSWORD HOUSING_AMQP_VHOST \
         HOUSING_AMQP_TEST_VHOST; do
    [[ -n ${!v:-} ]] || die "$v is empty in var/secrets.env"
done
# Names are interpolated into SQL / rabbitmqctl command lines: keep them plain.
for v in HOUSING_PG_DB HOUSING_PG_TEST_DB HOUSING_PG_ADMIN_USER HOUSING_AMQP_USER \
         HOUSING_AMQP_VHOST HOUSING_AMQP_TEST_VHOST; do
    [[ ${!v} =~ ^[a-z_][a-z0-9_]*$ ]] || die "$v='${!v}' must match [a-z_][a-z0-9_]*"
done
# Debian's rabbitmqctl wrapper re-runs the command through `su -c` (sh), so
# shell metacharacters in the AMQP password would be interpreted.
[[ $HOUSING_AMQP_PASSWORD =~ ^[A-Za-z0-9._~+/=-]+$ ]] \
    || die "HOUSING_AMQP_PASSWORD may only contain [A-Za-z0-9._~+/=-]"

# --- 3b. the system account every service process runs as ----------------------

# deploy/local/stack.py starts each process as this account (docs/security.md). It reads the code and
# the virtualenv, and var/run (the test stack's clock); it never reads var/secrets.env.
svc_account="$(PYTHONPATH="$HOUSING_ROOT" "$PYTHON" -m deploy.access account)"
if ! id -u "$svc_account" >/dev/null 2>&1; then
    log "adding system account $svc_account"
    useradd --system --user-group --no-create-home --home-dir /nonexistent \
        --shell /usr/sbin/nologin "$svc_account"
fi
chgrp "$svc_account" "$HOUSING_VAR"
chmod 0710 "$HOUSING_VAR"
as_svc() { (cd / && runuser -u "$svc_account" -- "$@"); }
# A checkout or a Python under a private directory (/root): let the account pass through (not list)
# the directories above them.
for tree in "$HOUSING_ROOT" "$(readlink -f "$VENV")" "$(readlink -f "$VENV/bin/python")"; do
    dir="$tree"
    while [[ $dir != / ]]; do
        dir="$(dirname "$dir")"
        if ! as_svc test -x "$dir"; then
            command -v setfacl >/dev/null 2>&1 || apt_get install -y -q --no-install-recommends acl
            log "letting $svc_account traverse $dir (ACL u:$svc_account:x)"
            setfacl -m "u:$svc_account:x" "$dir" 2>/dev/null || {
                warn "no ACLs on $dir's file system: making it traversable by all (chmod o+x)"
                chmod o+x "$dir"
            }
        fi
    done
done
as_svc env PYTHONPATH="$HOUSING_ROOT" "$VENV/bin/python" -c 'import shared.settings, nameko' >/dev/null 2>&1 \
    || die "$svc_account cannot run the code in $HOUSING_ROOT with $VENV (files must be world-readable: umask 022)"

# --- 4. PostgreSQL -----------------------------------------------------------

read -r pg_ver pg_cluster pg_port pg_status < <(pg_main_cluster) || true
if [[ -z ${pg_ver:-} ]]; then
    pg_ver="$(ls /usr/lib/postgresql 2>/dev/null | sort -V | tail -n 1)"
    [[ -n $pg_ver ]] || die "no PostgreSQL server version found in /usr/lib/postgresql"
    log "creating PostgreSQL cluster $pg_ver/main"
    pg_createcluster "$pg_ver" main >/dev/null
    read -r pg_ver pg_cluster pg_port pg_status < <(pg_main_cluster)
fi
[[ $pg_port == "$HOUSING_PG_PORT" ]] \
    || die "PostgreSQL $pg_ver/main listens on port $pg_port but HOUSING_PG_PORT=$HOUSING_PG_PORT"

pg_etc="/etc/postgresql/$pg_ver/main"
pg_conf_changed=0
if ! grep -Eq "^[[:space:]]*include_dir[[:space:]]*=?[[:space:]]*'conf\.d'" "$pg_etc/postgresql.conf"; then
    log "adding include_dir = 'conf.d' to $pg_etc/postgresql.conf"
    printf "\ninclude_dir = 'conf.d'\t# added by housing scripts/provision.sh\n" >>"$pg_etc/postgresql.conf"
    pg_conf_changed=1
fi
install -d -o postgres -g postgres -m 0755 "$pg_etc/conf.d"
pg_conf_want="# Managed by housing scripts/provision.sh; edits are overwritten.
max_connections = 600"
if [[ "$(cat "$pg_etc/conf.d/housing.conf" 2>/dev/null || true)" != "$pg_conf_want" ]]; then
    log "writing $pg_etc/conf.d/housing.conf"
    printf '%s\n' "$pg_conf_want" >"$pg_etc/conf.d/housing.conf"
    chown postgres:postgres "$pg_etc/conf.d/housing.conf"
    chmod 0644 "$pg_etc/conf.d/housing.conf"
    pg_conf_changed=1
fi

if [[ $pg_status == online* ]]; then
    if ((pg_conf_changed)); then
        log "restarting PostgreSQL $pg_ver/main to apply configuration"
        pg_ctlcluster "$pg_ver" main restart
    fi
    # Installed (and auto-started by the package) during this run: ours.
    if [[ $newly_installed == *" postgresql "* ]]; then
        printf '%s main\n' "$pg_ver" >"$HOUSING_RUN/started-postgresql"
    fi
else
    log "starting PostgreSQL $pg_ver/main"
    pg_ctlcluster "$pg_ver" main start
    printf '%s main\n' "$pg_ver" >"$HOUSING_RUN/started-postgresql"
fi
deadline=$((SECONDS + 60))
until pg_isready -q -h 127.0.0.1 -p "$pg_port"; do
    ((SECONDS < deadline)) || die "PostgreSQL did not become ready on 127.0.0.1:$pg_port"
    sleep 0.5
done

# psql \set value: single-quoted, with ' and \ escaped.
psql_quote() { local v="${1//\\/\\\\}"; printf "'%s'" "${v//\'/\'\'}"; }

# The operators' role (resets, tests, benchmarks): no superuser. It owns the databases (creates them,
# grants CONNECT) and is a member of every svc_* role (drops and recreates their schemas, reads them).
pg_admin="$HOUSING_PG_ADMIN_USER"
{
    printf '\\set admin_pw %s\n' "$(psql_quote "$HOUSING_PG_ADMIN_PASSWORD")"
    cat <<SQL
SELECT format('CREATE ROLE %I LOGIN', '$pg_admin')
 WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$pg_admin') \gexec
ALTER ROLE "$pg_admin" WITH LOGIN NOSUPERUSER CREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'admin_pw';
SQL
    for db in "$HOUSING_PG_DB" "$HOUSING_PG_TEST_DB"; do
        cat <<SQL
SELECT format('CREATE DATABASE %I OWNER %I', '$db', '$pg_admin')
 WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$db') \gexec
ALTER DATABASE "$db" OWNER TO "$pg_admin";
SQL
    done
    for s in "${HOUSING_SERVICES[@]}"; do
        pwv="HOUSING_PG_PASSWORD_${s^^}"
        printf '\\set svc_pw %s\n' "$(psql_quote "${!pwv}")"
        cat <<SQL
SELECT 'CREATE ROLE svc_$s LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'svc_$s') \gexec
ALTER ROLE svc_$s WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'svc_pw';
ALTER ROLE svc_$s SET search_path = $s;
GRANT svc_$s TO "$pg_admin";
SQL
    done
    printf '\\unset admin_pw\n\\unset svc_pw\n'
    for db in "$HOUSING_PG_DB" "$HOUSING_PG_TEST_DB"; do
        printf '\\connect %s\n' "$db"
        printf 'REVOKE CREATE ON SCHEMA public FROM PUBLIC;\n'
        for s in "${HOUSING_SERVICES[@]}"; do
            cat <<SQL
CREATE SCHEMA IF NOT EXISTS $s AUTHORIZATION svc_$s;
ALTER SCHEMA $s OWNER TO svc_$s;
REVOKE ALL ON SCHEMA $s FROM PUBLIC;
GRANT CONNECT ON DATABASE "$db" TO svc_$s;
SQL
        done
    done
} | (cd / && PGOPTIONS='-c client_min_messages=warning' \
        runuser -u postgres -- psql -X -q -v ON_ERROR_STOP=1 -p "$pg_port" -d postgres >/dev/null) \
    || die "PostgreSQL role/database/schema setup failed"

# Password auth over TCP must work for every service role in both databases.
for db in "$HOUSING_PG_DB" "$HOUSING_PG_TEST_DB"; do
    for s in "${HOUSING_SERVICES[@]}"; do
        pwv="HOUSING_PG_PASSWORD_${s^^}"
        got="$(PGPASSWORD="${!pwv}" PGCONNECT_TIMEOUT=10 psql -X -qtA -h "$HOUSING_PG_HOST" \
                -p "$HOUSING_PG_PORT" -U "svc_$s" -d "$db" -c 'select current_schema()' 2>&1)" \
            || die "password login over TCP failed for svc_$s@$db: $got (check pg_hba.conf)"
        [[ $got == "$s" ]] || die "svc_$s@$db: current_schema is '$got', expected '$s'"
    done
done
PGPASSWORD="$HOUSING_PG_ADMIN_PASSWORD" PGCONNECT_TIMEOUT=10 psql -X -qtA -h "$HOUSING_PG_HOST" \
    -p "$HOUSING_PG_PORT" -U "$pg_admin" -d "$HOUSING_PG_DB" -c 'select 1' >/dev/null \
    || die "password login over TCP failed for $pg_admin (check pg_hba.conf)"

# --- 5. RabbitMQ -------------------------------------------------------------

rmq() { rabbitmqctl -q "$@"; }

# Listing vhosts doubles as the "is the node running?" probe (each
# rabbitmqctl call costs ~0.5 s of Erlang VM start-up).
if ! vhosts="$(rmq list_vhosts --no-table-headers name 2>/dev/null)"; then
    log "starting RabbitMQ"
    rabbitmq-server -detached >/dev/null 2>&1 || die "rabbitmq-server -detached failed"
    deadline=$((SECONDS + 180))
    until rmq await_startup >/dev/null 2>&1; do
        ((SECONDS < deadline)) || die "RabbitMQ did not start (see /var/log/rabbitmq/)"
        sleep 1
    done
    touch "$HOUSING_RUN/started-rabbitmq"
    vhosts="$(rmq list_vhosts --no-table-headers name)"
elif [[ $newly_installed == *" rabbitmq-server "* ]]; then
    touch "$HOUSING_RUN/started-rabbitmq"   # auto-started by the package we installed
fi
record_started_epmd "$epmd_before"

if ! rabbitmq-plugins -q is_enabled rabbitmq_management >/dev/null 2>&1; then
    log "enabling rabbitmq_management plugin"
    rabbitmq-plugins -q enable rabbitmq_management >/dev/null
fi

for vh in "$HOUSING_AMQP_VHOST" "$HOUSING_AMQP_TEST_VHOST"; do
    if ! grep -qxF "$vh" <<<"$vhosts"; then
        log "adding RabbitMQ vhost $vh"
        rmq add_vhost "$vh" >/dev/null
    fi
done

amqp_user="$HOUSING_AMQP_USER"
users="$(rmq list_users --no-table-headers)"
user_line="$(awk -F'\t' -v u="$amqp_user" '$1 == u' <<<"$users")"
if [[ -z $user_line ]]; then
    log "adding RabbitMQ user $amqp_user"
    # "--" before the user: a generated password may start with "-"
    rmq add_user -- "$amqp_user" "$HOUSING_AMQP_PASSWORD" >/dev/null
elif ! rmq authenticate_user -- "$amqp_user" "$HOUSING_AMQP_PASSWORD" >/dev/null 2>&1; then
    log "updating RabbitMQ password of $amqp_user"
    rmq change_password -- "$amqp_user" "$HOUSING_AMQP_PASSWORD" >/dev/null
fi
if [[ $user_line != *$'\t'"[management]" ]]; then
    log "setting RabbitMQ user tags of $amqp_user to management"
    rmq set_user_tags "$amqp_user" management >/dev/null
fi
perms="$(rmq list_user_permissions --no-table-headers "$amqp_user")"
for vh in "$HOUSING_AMQP_VHOST" "$HOUSING_AMQP_TEST_VHOST"; do
    if ! awk -F'\t' -v vh="$vh" '$1 == vh && $2 == ".*" && $3 == ".*" && $4 == ".*" { ok = 1 }
                               END { exit !ok }' <<<"$perms"; then
        log "granting $amqp_user full permissions on vhost $vh"
        rmq set_permissions -p "$vh" "$amqp_user" '.*' '.*' '.*' >/dev/null
    fi
done
# One user per kind of process, limited to the exchanges and queues it uses (deploy/access.py);
# the user above is the operators' (tests, seeding, benchmarks).
"$VENV/bin/python" -m deploy.local.broker_users "$HOUSING_AMQP_VHOST" "$HOUSING_AMQP_TEST_VHOST" \
    || die "setting up the services' RabbitMQ users failed"
if awk -F'\t' '$1 == "guest" { found = 1 } END { exit !found }' <<<"$users"; then
    log "deleting default RabbitMQ user guest"
    rmq delete_user guest >/dev/null
fi

log "ready (PostgreSQL $pg_ver/main on 127.0.0.1:$pg_port, RabbitMQ on ${HOUSING_AMQP_HOST:-127.0.0.1}:${HOUSING_AMQP_PORT:-5672})"
