# shellcheck shell=bash
# Sourced by scripts/check-postgis and scripts/bench-postgis: a private PostgreSQL + PostGIS cluster for tests.
#
#   postgis_start [DBNAME]   installs postgresql + postgis from Debian's packages when missing, initdb's a
#                            cluster in a temporary folder, starts it on a Unix socket only (listen_addresses=''),
#                            creates DBNAME (default ecozone) with the postgis extension, and sets
#                              ECOZONE_PG_SOCKET  the socket folder
#                              ECOZONE_PG_DB      the database name
#                              ECOZONE_PG_USER    the database user (the OS user the server runs as)
#                              ECOZONE_TEST_PG    GDAL's connection string: PG:host=SOCKET dbname=DB user=USER
#                            and a trap that stops the server and removes the folder on exit.
#   postgis_psql SQL...      runs psql on that database (ON_ERROR_STOP).
#   postgis_stop             stops and removes it (the trap calls it).
#
# PostgreSQL refuses to run as root, so as root the server runs as the Debian user `postgres` (created by the
# package) through runuser; the folder is made readable to it. Nothing listens on TCP.

POSTGIS_APT_PACKAGES=(postgresql postgresql-15-postgis-3 postgresql-15-postgis-3-scripts)

postgis_bindir() {
    local d
    for d in /usr/lib/postgresql/*/bin; do
        [ -x "$d/initdb" ] && [ -x "$d/pg_ctl" ] && { echo "$d"; return 0; }
    done
    return 1
}

postgis_install() {
    local missing=() p
    for p in "${POSTGIS_APT_PACKAGES[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "postgis: installing Debian packages: ${missing[*]}" >&2
    local sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "postgis: need root (or sudo) to install: ${missing[*]}" >&2; return 1; }
        sudo="sudo"
    fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq || { echo "postgis: apt-get update failed" >&2; return 1; }
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null \
        || { echo "postgis: apt-get install failed: ${missing[*]}" >&2; return 1; }
}

# Runs a command as the server's user (postgres when we are root, ourselves otherwise).
postgis_as_server_user() {
    if [ "$(id -u)" -eq 0 ]; then
        runuser -u "$ECOZONE_PG_USER" -- "$@"
    else
        "$@"
    fi
}

postgis_start() {
    local db="${1:-ecozone}"
    postgis_install || return 1
    local bin
    bin="$(postgis_bindir)" || { echo "postgis: no PostgreSQL server binaries under /usr/lib/postgresql" >&2; return 1; }
    if [ "$(id -u)" -eq 0 ]; then
        ECOZONE_PG_USER=postgres
        id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home --shell /usr/sbin/nologin postgres \
            || { echo "postgis: cannot create the user postgres" >&2; return 1; }
    else
        ECOZONE_PG_USER="$(id -un)"
    fi
    POSTGIS_DIR="$(mktemp -d /tmp/ecozone-pg.XXXXXX)" || return 1
    trap postgis_stop EXIT
    trap 'postgis_stop; exit 130' INT
    trap 'postgis_stop; exit 143' TERM
    mkdir -p "$POSTGIS_DIR/data" "$POSTGIS_DIR/sock"
    if [ "$(id -u)" -eq 0 ]; then
        chown -R "$ECOZONE_PG_USER" "$POSTGIS_DIR"
        chmod 755 "$POSTGIS_DIR"
    fi
    postgis_as_server_user "$bin/initdb" -D "$POSTGIS_DIR/data" -U "$ECOZONE_PG_USER" --auth=trust \
        --encoding=UTF8 --locale=C.UTF-8 >"$POSTGIS_DIR/initdb.log" 2>&1 \
        || { echo "postgis: initdb failed:" >&2; cat "$POSTGIS_DIR/initdb.log" >&2; return 1; }
    postgis_as_server_user "$bin/pg_ctl" -D "$POSTGIS_DIR/data" -l "$POSTGIS_DIR/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c unix_socket_directories='$POSTGIS_DIR/sock' -c fsync=off -c full_page_writes=off -c synchronous_commit=off" \
        start >/dev/null \
        || { echo "postgis: the server did not start:" >&2; cat "$POSTGIS_DIR/server.log" >&2; return 1; }
    POSTGIS_BIN="$bin"
    ECOZONE_PG_SOCKET="$POSTGIS_DIR/sock"
    ECOZONE_PG_DB="$db"
    export ECOZONE_PG_SOCKET ECOZONE_PG_DB ECOZONE_PG_USER
    "$bin/createdb" -h "$ECOZONE_PG_SOCKET" -U "$ECOZONE_PG_USER" "$db" \
        || { echo "postgis: createdb $db failed" >&2; return 1; }
    postgis_psql -q -c "CREATE EXTENSION postgis" \
        || { echo "postgis: CREATE EXTENSION postgis failed (is postgresql-15-postgis-3 installed?)" >&2; return 1; }
    ECOZONE_TEST_PG="PG:host=$ECOZONE_PG_SOCKET dbname=$db user=$ECOZONE_PG_USER"
    export ECOZONE_TEST_PG
    echo "postgis: $(postgis_psql -At -c 'SELECT postgis_lib_version()') on $("$bin/postgres" --version), socket $ECOZONE_PG_SOCKET" >&2
}

postgis_psql() {
    "$POSTGIS_BIN/psql" -h "$ECOZONE_PG_SOCKET" -U "$ECOZONE_PG_USER" -d "$ECOZONE_PG_DB" -v ON_ERROR_STOP=1 -X "$@"
}

postgis_stop() {
    [ -n "${POSTGIS_DIR:-}" ] || return 0
    if [ -f "$POSTGIS_DIR/data/postmaster.pid" ] && [ -n "${POSTGIS_BIN:-$(postgis_bindir)}" ]; then
        postgis_as_server_user "${POSTGIS_BIN:-$(postgis_bindir)}/pg_ctl" -D "$POSTGIS_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
    fi
    rm -rf "$POSTGIS_DIR"
    POSTGIS_DIR=""
}

# Loads fixtures/banan's vector layers into the schema `banan` of the running database (ogr2ogr, GDAL's
# PostgreSQL driver): boundary, towns, redline_2023, redline_2020, protected_areas, erosion,
# rocky_desertification, zones, projects, rivers. Geometry column `geom`, SRID 4490 (CGCS2000), GiST index.
postgis_load_banan() {
    local src="$ECOZONE_ROOT/fixtures/banan" f name
    postgis_psql -q -c "CREATE SCHEMA IF NOT EXISTS banan" || return 1
    local common=(-f PostgreSQL "$ECOZONE_TEST_PG" -lco SCHEMA=banan -lco GEOMETRY_NAME=geom -lco FID=fid
                  -lco SPATIAL_INDEX=GIST -nlt PROMOTE_TO_MULTI)
    local enc
    for f in boundary towns erosion rocky_desertification zones rivers; do
        # A shapefile without .cpg is GBK here (as EcoZone's own detection decides for these files).
        enc=(); [ -f "$src/$f.cpg" ] || enc=(-oo ENCODING=CP936)
        ogr2ogr "${common[@]}" "${enc[@]}" -nln "$f" "$src/$f.shp" || { echo "postgis: loading $f failed" >&2; return 1; }
    done
    ogr2ogr "${common[@]}" -nln protected_areas "$src/protected_areas.geojson" || return 1
    ogr2ogr "${common[@]}" -nln projects "$src/projects.gpkg" projects || return 1
    for name in redline_2023 redline_2020; do
        ogr2ogr "${common[@]}" -nln "$name" "$src/redline.gpkg" "$name" || return 1
    done
    echo "postgis: loaded Banan into schema banan: $(postgis_psql -At -c "SELECT string_agg(f_table_name || '(' || srid || ')', ' ' ORDER BY f_table_name) FROM geometry_columns WHERE f_table_schema = 'banan'")" >&2
}
