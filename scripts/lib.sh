# shellcheck shell=bash
# Shared helpers for scripts/provision.sh and the Makefile (`make down`).
# Source it; it defines functions and a few variables and runs nothing else.

HOUSING_ROOT="${HOUSING_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
HOUSING_VAR="$HOUSING_ROOT/var"
HOUSING_RUN="$HOUSING_VAR/run"
HOUSING_SECRETS="$HOUSING_VAR/secrets.env"

log()  { printf '[provision] %s\n' "$*"; }
warn() { printf '[provision] WARNING: %s\n' "$*" >&2; }
die()  { printf '[provision] ERROR: %s\n' "$*" >&2; exit 1; }

# --- Debian packages --------------------------------------------------------

pkg_installed() {
    dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'
}

# Wait (up to $1 seconds, default 600) while another apt/dpkg process runs.
wait_for_apt() {
    local deadline=$((SECONDS + ${1:-600})) said=0 busy comm
    while :; do
        busy=""
        for comm in /proc/[0-9]*/comm; do
            case "$(cat "$comm" 2>/dev/null)" in
                apt|apt-get|aptitude|dpkg|unattended-upgr) busy=1; break ;;
            esac
        done
        [[ -z $busy ]] && return 0
        ((SECONDS < deadline)) || die "another apt/dpkg process is still running; giving up"
        ((said)) || { log "waiting for another apt/dpkg process to finish"; said=1; }
        sleep 2
    done
}

# apt-get with lock waiting; output goes to $HOUSING_VAR/provision-apt.log,
# whose tail is shown on failure.
apt_get() {
    local logf="$HOUSING_VAR/provision-apt.log"
    mkdir -p "$HOUSING_VAR"
    wait_for_apt
    if ! DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 \
            -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold \
            "$@" >>"$logf" 2>&1; then
        tail -n 30 "$logf" >&2
        die "apt-get $* failed (full log: $logf)"
    fi
}

# --- secrets.env ------------------------------------------------------------

# Load KEY=VALUE lines (no shell evaluation) into exported variables.
load_env_file() {
    local file="$1" line key val
    [[ -r $file ]] || die "cannot read $file"
    while IFS= read -r line || [[ -n $line ]]; do
        line="${line%$'\r'}"
        [[ $line =~ ^[[:space:]]*(#|$) ]] && continue
        [[ $line =~ ^[[:space:]]*(export[[:space:]]+)?([A-Za-z_][A-Za-z0-9_]*)=(.*)$ ]] || continue
        key="${BASH_REMATCH[2]}" val="${BASH_REMATCH[3]}"
        if [[ $val =~ ^\"(.*)\"$ || $val =~ ^\'(.*)\'$ ]]; then val="${BASH_REMATCH[1]}"; fi
        printf -v "$key" '%s' "$val"
        export "${key?}"
    done <"$file"
}

# --- PostgreSQL cluster -----------------------------------------------------

# Print "<version> <cluster> <port> <status>" of the cluster we use: the
# highest-version cluster named "main". Prints nothing if there is none.
pg_main_cluster() {
    command -v pg_lsclusters >/dev/null 2>&1 || return 0
    pg_lsclusters -h 2>/dev/null | awk '$2 == "main" { print $1, $2, $3, $4 }' | sort -V | tail -n 1
}

# --- Erlang's port mapper (epmd) -----------------------------------------------

# The pid of the running epmd, or nothing. Starting RabbitMQ, or any
# rabbitmqctl call, starts epmd as a daemon when none runs, and it outlives them.
epmd_pid() {
    local comm pid
    for comm in /proc/[0-9]*/comm; do
        if [[ "$(cat "$comm" 2>/dev/null)" == epmd ]]; then
            pid="${comm#/proc/}"
            echo "${pid%/comm}"
            return 0
        fi
    done
}

# Record the running epmd as started by provision when none ran before ($1:
# what epmd_pid said before provision's first Erlang command).
record_started_epmd() {
    local before="$1" now
    now="$(epmd_pid)"
    if [[ -z $before && -n $now ]]; then
        printf '%s\n' "$now" >"$HOUSING_RUN/started-epmd"
    fi
}

# Stop the epmd that provision recorded: only that process (same pid, still an
# epmd), and only once no Erlang node is registered with it (waits up to $1
# seconds, default 10, for a node that is stopping to leave).
stop_started_epmd() {
    local pid deadline=$((SECONDS + ${1:-10}))
    [[ -f $HOUSING_RUN/started-epmd ]] || return 0
    read -r pid _ <"$HOUSING_RUN/started-epmd" || true
    rm -f "$HOUSING_RUN/started-epmd"
    if [[ ! ${pid:-} =~ ^[0-9]+$ || "$(cat "/proc/$pid/comm" 2>/dev/null)" != epmd ]]; then
        echo "[down] epmd started by provision is no longer running"
        return 0
    fi
    while [[ -n "$(epmd -names 2>/dev/null | grep '^name ' || true)" ]]; do
        if ((SECONDS >= deadline)); then
            echo "[down] leaving epmd running: Erlang nodes are still registered with it"
            return 0
        fi
        sleep 0.5
    done
    echo "[down] stopping epmd (started with RabbitMQ by provision)"
    kill "$pid" 2>/dev/null || echo "[down] epmd had already stopped"
}

# --- stopping what provision.sh started (used by `make down`) ----------------

stop_started_services() {
    local ver cl
    if [[ -f $HOUSING_RUN/started-rabbitmq ]]; then
        echo "[down] stopping RabbitMQ (started by provision)"
        rabbitmqctl -q stop >/dev/null 2>&1 || echo "[down] RabbitMQ was not running"
        rm -f "$HOUSING_RUN/started-rabbitmq"
    fi
    stop_started_epmd
    if [[ -f $HOUSING_RUN/started-postgresql ]]; then
        read -r ver cl _ <"$HOUSING_RUN/started-postgresql" || true
        if [[ -z ${ver:-} ]]; then read -r ver cl _ < <(pg_main_cluster) || true; fi
        if [[ -n ${ver:-} ]]; then
            echo "[down] stopping PostgreSQL $ver/${cl:-main} (started by provision)"
            pg_ctlcluster "$ver" "${cl:-main}" stop >/dev/null 2>&1 \
                || echo "[down] PostgreSQL $ver/${cl:-main} was not running"
        fi
        rm -f "$HOUSING_RUN/started-postgresql"
    fi
}
