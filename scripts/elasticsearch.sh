#!/usr/bin/env bash
# A local Elasticsearch 8 node for development and CI, from Maven Central only.
#
#   scripts/elasticsearch.sh fetch      # download (mvn), unpack, add the analysis plugin
#   scripts/elasticsearch.sh start      # start on 127.0.0.1:9200, wait until it answers
#   export ELASTICSEARCH_URL=http://127.0.0.1:9200
#   scripts/elasticsearch.sh status | stop | restart | logs [N] | wipe
#   scripts/elasticsearch.sh plugin FILE.zip|GROUP:ARTIFACT:VERSION:zip
#
# Why this way: elastic.co is not reachable from CI, but Elastic publishes its
# integration-test distribution to Maven Central
# (org.elasticsearch.distribution.integ-test-zip:elasticsearch:VERSION:zip). It is the
# real server, without a bundled JDK (it runs on the machine's JDK 17+) and with only
# four modules: transport-netty4, x-pack-core, x-pack-security and apm. Missing are
# in particular analysis-common (the ngram/edge_ngram/cjk/asciifolding/cjk_width
# components, which Wagtail's index settings need) and rest-root (GET /, so the
# Python client's info() fails: use cluster.health()). Elastic's analysis-smartcn and
# analysis-icu plugin zips are not on Maven Central either. So `fetch` also builds
# scripts/es-analysis (a small stable-API plugin wrapping Lucene's analysis classes
# under Elasticsearch's names) with Maven and installs it. See bench/es_analyzers.md.
#
# Environment (all optional):
#   ES_VERSION        version to fetch (default below: the newest 8.x on Maven Central)
#   ES_HOME_DIR       cache for the zip, the unpacked server and the nodes' data
#                     (default: var/elasticsearch in the checkout)
#   ES_PORT           HTTP port on 127.0.0.1 (default 9200); each port is its own node
#   ES_JAVA_OPTS      JVM options (default "-Xms512m -Xmx512m")
#   ES_JAVA_HOME      the JDK to run on (default: JAVA_HOME, else the `java` on PATH)
#   ES_START_TIMEOUT  seconds to wait for the node (default 120)
#   ES_USER           unprivileged user to run as when started by root
#                     (default elasticsearch, created if missing)
#   ES_ANALYSIS_SRC   the analysis plugin's Maven project (default scripts/es-analysis;
#                     a directory without pom.xml means no plugin)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"

# The newest 8.x that Maven Central serves for the integ-test-zip: its
# maven-metadata.xml gives 8.19.21 as <latest> and <release> (checked 2026-11-23).
ES_VERSION="${ES_VERSION:-8.19.21}"
ES_ARTIFACT="org.elasticsearch.distribution.integ-test-zip:elasticsearch:$ES_VERSION:zip"
ES_HOME_DIR="${ES_HOME_DIR:-$ROOT/var/elasticsearch}"
ES_HOST=127.0.0.1
ES_PORT="${ES_PORT:-9200}"
ES_JAVA_OPTS="${ES_JAVA_OPTS:--Xms512m -Xmx512m}"
ES_START_TIMEOUT="${ES_START_TIMEOUT:-120}"
ES_USER="${ES_USER:-elasticsearch}"
ES_ANALYSIS_SRC="${ES_ANALYSIS_SRC:-$ROOT/scripts/es-analysis}"
ES_URL="http://$ES_HOST:$ES_PORT"

# The unpacked server: shared by every port, changed only by plugin installs.
DIST_DIR="$ES_HOME_DIR/elasticsearch-$ES_VERSION"
# One node directory per version and port: config, data, logs, tmp and the pid file.
# Data written by a newer version cannot be read by an older one, hence the version.
NODE_DIR="$ES_HOME_DIR/node-$ES_VERSION-$ES_PORT"
PID_FILE="$NODE_DIR/elasticsearch.pid"
LOG_DIR="$NODE_DIR/logs"
CLUSTER_NAME=portal-dev
PLUGIN_NAME=portal-analysis

say() { printf '[elasticsearch] %s\n' "$*"; }
die() {
  printf '[elasticsearch] ERROR: %s\n' "$*" >&2
  exit 1
}
is_root() { [ "$(id -u)" -eq 0 ]; }
rel() { echo "${1#"$ROOT"/}"; } # a path as shown to people: relative to the checkout

# http_get URL: the body on stdout, non-zero when there is no HTTP 2xx answer.
# curl when there is one (a fresh Debian may lack it), else python3.
http_get() {
  if command -v curl >/dev/null 2>&1; then
    curl -fsS --max-time 10 "$1" 2>/dev/null
  else
    python3 - "$1" 2>/dev/null <<'PY'
import sys, urllib.request
with urllib.request.urlopen(sys.argv[1], timeout=10) as r:
    sys.stdout.write(r.read().decode())
PY
  fi
}
# json_field NAME: the first "NAME": "value" (or number) in the JSON on stdin.
json_field() {
  grep -oE "\"$1\"[[:space:]]*:[[:space:]]*(\"[^\"]*\"|[0-9]+)" | head -n 1 |
    sed -E 's/^[^:]*:[[:space:]]*"?//; s/"$//'
}
# The version number if an Elasticsearch answers on ES_URL, else nothing and
# non-zero. (Not from GET /: that handler is in rest-root, which is missing.)
running_version() {
  local body
  body="$(http_get "$ES_URL/_nodes/_local?filter_path=nodes.*.version")" || return 1
  json_field version <<<"$body" | grep .
}
port_open() { (exec 3<>"/dev/tcp/$ES_HOST/$ES_PORT") 2>/dev/null; }
node_pid() {
  local pid
  [ -f "$PID_FILE" ] || return 1
  pid="$(tr -dc '0-9' <"$PID_FILE")"
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null && echo "$pid"
}

java_home() {
  # ES_JAVA_HOME, else JAVA_HOME, else the JDK the `java` on PATH belongs to.
  local java
  if [ -n "${ES_JAVA_HOME:-}" ]; then
    echo "$ES_JAVA_HOME"
  elif [ -n "${JAVA_HOME:-}" ]; then
    echo "$JAVA_HOME"
  else
    java="$(command -v java)" || die "no java on PATH: install a JDK 17+ or set ES_JAVA_HOME"
    java="$(readlink -f "$java")"
    dirname "$(dirname "$java")"
  fi
}
# Elasticsearch's own tools, on our JDK. JAVA_HOME is dropped because the
# launcher warns that it ignores it.
es_env() {
  env -u JAVA_HOME ES_JAVA_HOME="$(java_home)" "$@"
}
# mvn, quiet, its output kept in a log that is shown only when it fails.
mvn_quiet() {
  local log="$ES_HOME_DIR/mvn.log"
  if ! mvn -q -B "$@" >"$log" 2>&1; then
    tail -n 40 "$log" >&2
    return 1
  fi
}

# Run a command as the user the node runs as: ourselves, or ES_USER when we are
# root, because Elasticsearch refuses to run as root.
as_es() {
  if is_root; then
    # From /, so the command does not trip over a working directory it cannot read.
    (cd / && runuser -u "$ES_USER" -- "$@")
  else
    "$@"
  fi
}
ensure_es_user() {
  is_root || return 0
  if ! id -u "$ES_USER" >/dev/null 2>&1; then
    say "creating system user $ES_USER (Elasticsearch refuses to run as root)"
    useradd --system --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
      --user-group "$ES_USER"
  fi
  # The user must reach the server through every parent directory (a checkout
  # under /root, mode 700, is not reachable): say so rather than fail obscurely.
  as_es test -r "$DIST_DIR/bin/elasticsearch" ||
    die "user $ES_USER cannot read $DIST_DIR (is a parent directory not world-searchable?): set ES_HOME_DIR to a directory it can reach, e.g. ES_HOME_DIR=/var/tmp/portal-elasticsearch"
}

# ------------------------------------------------------------------ fetch
cmd_fetch() {
  if [ -x "$DIST_DIR/bin/elasticsearch" ]; then
    say "Elasticsearch $ES_VERSION is unpacked in $(rel "$DIST_DIR")"
  else
    unpack_server
  fi
  install_analysis_plugin
}

unpack_server() {
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven 3 fetches Elasticsearch from Maven Central"
  command -v unzip >/dev/null 2>&1 || die "unzip not found (apt-get install unzip)"
  local zip="$ES_HOME_DIR/elasticsearch-$ES_VERSION.zip"
  mkdir -p "$ES_HOME_DIR"
  if [ ! -s "$zip" ]; then
    say "fetching $ES_ARTIFACT with Maven (about 100 MB)"
    # dependency:copy keeps a copy in ~/.m2 too, so another checkout downloads nothing.
    mvn_quiet dependency:copy -Dartifact="$ES_ARTIFACT" -DoutputDirectory="$ES_HOME_DIR" ||
      die "mvn could not fetch $ES_ARTIFACT (is ES_VERSION=$ES_VERSION on Maven Central?)"
  fi
  # Unpack beside the final place and rename, so an interrupted unzip never
  # looks like a finished one.
  local tmp="$ES_HOME_DIR/.unpack-$ES_VERSION.$$"
  rm -rf "$tmp"
  mkdir -p "$tmp"
  if ! unzip -q "$zip" -d "$tmp" || [ ! -x "$tmp/elasticsearch-$ES_VERSION/bin/elasticsearch" ]; then
    rm -rf "$tmp"
    die "$zip is not a usable Elasticsearch $ES_VERSION zip: delete it to fetch again"
  fi
  rm -rf "$DIST_DIR"
  mv "$tmp/elasticsearch-$ES_VERSION" "$DIST_DIR"
  rmdir "$tmp"
  say "unpacked Elasticsearch $ES_VERSION in $(rel "$DIST_DIR")"
}

# Builds ES_ANALYSIS_SRC against this server's Elasticsearch and Lucene versions
# and installs it, unless the same sources are installed already (a stamp holds
# their checksum). Maven builds under ES_HOME_DIR, so the checkout stays clean.
install_analysis_plugin() {
  if [ ! -f "$ES_ANALYSIS_SRC/pom.xml" ]; then
    say "no analysis plugin: $(rel "$ES_ANALYSIS_SRC")/pom.xml is missing"
    return 0
  fi
  local stamp="$ES_HOME_DIR/$PLUGIN_NAME-$ES_VERSION.stamp" sum lucene build stage zip
  sum="$(cd "$ES_ANALYSIS_SRC" && find . -path ./target -prune -o -type f -print | LC_ALL=C sort |
    xargs sha256sum | sha256sum | cut -c1-16)"
  if [ -d "$DIST_DIR/plugins/$PLUGIN_NAME" ] && [ "$(cat "$stamp" 2>/dev/null)" = "$sum" ]; then
    say "analysis plugin $PLUGIN_NAME is installed and up to date"
    return 0
  fi
  command -v mvn >/dev/null 2>&1 || die "mvn not found: Maven 3 builds the analysis plugin"
  # The plugin must be compiled against the server's own Lucene.
  lucene="$(find "$DIST_DIR/lib" -maxdepth 1 -name 'lucene-core-*.jar' -printf '%f\n' |
    sed -E 's/^lucene-core-(.*)\.jar$/\1/')"
  [ -n "$lucene" ] || die "cannot tell the Lucene version of $DIST_DIR"
  build="$ES_HOME_DIR/plugin-build"
  stage="$build/stage"
  zip="$build/$PLUGIN_NAME-$ES_VERSION.zip"
  say "building $PLUGIN_NAME from $(rel "$ES_ANALYSIS_SRC") (Elasticsearch $ES_VERSION, Lucene $lucene)"
  rm -rf "$build"
  mkdir -p "$build"
  mvn_quiet -f "$ES_ANALYSIS_SRC/pom.xml" -Des.version="$ES_VERSION" -Dlucene.version="$lucene" \
    -Dportal.build.dir="$build/target" package dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$build/target/deps" ||
    die "mvn could not build the analysis plugin (log: $ES_HOME_DIR/mvn.log)"
  # A stable plugin zip: its jars, the descriptor and the component list at the top.
  mkdir -p "$stage"
  cp "$build/target/$PLUGIN_NAME"-*.jar "$build/target/deps/"*.jar "$stage/"
  cp "$ES_ANALYSIS_SRC/src/main/plugin/named_components.json" "$stage/"
  sed "s/\${es.version}/$ES_VERSION/" "$ES_ANALYSIS_SRC/src/main/plugin/stable-plugin-descriptor.properties" \
    >"$stage/stable-plugin-descriptor.properties"
  (cd "$stage" && "$(java_home)/bin/jar" --create --no-manifest --file "$zip" .)
  if [ -d "$DIST_DIR/plugins/$PLUGIN_NAME" ]; then
    es_env ES_PATH_CONF="$DIST_DIR/config" "$DIST_DIR/bin/elasticsearch-plugin" remove --silent "$PLUGIN_NAME"
  fi
  es_env ES_PATH_CONF="$DIST_DIR/config" "$DIST_DIR/bin/elasticsearch-plugin" install --batch --silent "file://$zip"
  echo "$sum" >"$stamp"
  say "installed analysis plugin $PLUGIN_NAME$(node_pid >/dev/null && echo '; restart the running node to load it')"
}

# ------------------------------------------------------------------ start
# The node's own config directory (ES_PATH_CONF), made from the distribution's
# on every start: the unpacked server stays shared between ports, and the keystore
# Elasticsearch writes on first start lands here.
write_node_config() {
  local conf="$NODE_DIR/config"
  mkdir -p "$conf/jvm.options.d" "$NODE_DIR/data" "$LOG_DIR" "$NODE_DIR/tmp"
  cp -f "$DIST_DIR/config/log4j2.properties" "$conf/"
  # Its GC log line writes gc.log into the working directory: ours goes to LOG_DIR.
  grep -v '^-Xlog:gc' "$DIST_DIR/config/jvm.options" >"$conf/jvm.options"
  printf '%s\n' "-Xlog:gc*,gc+age=trace,safepoint:file=$LOG_DIR/gc.log:utctime,level,pid,tags:filecount=4,filesize=16m" \
    >"$conf/jvm.options.d/portal.options"
  cat >"$conf/elasticsearch.yml" <<YAML
# Written by scripts/elasticsearch.sh on every start: edits are lost.
cluster.name: $CLUSTER_NAME
node.name: portal-$ES_PORT
network.host: $ES_HOST
http.port: $ES_PORT
# One node, no cluster formation; on loopback, so no production bootstrap checks.
discovery.type: single-node
path.data: $NODE_DIR/data
path.logs: $LOG_DIR
# A development and test node on loopback: plain HTTP, no users. The integ-test-zip
# has the security module, which would otherwise turn on TLS and passwords.
xpack.security.enabled: false
# Without this a disk above 90 % full (a laptop, a CI machine) leaves new shards
# unassigned, and above 95 % makes indices read-only.
cluster.routing.allocation.disk.threshold_enabled: false
# Tests delete their indices by wildcard.
action.destructive_requires_name: false
YAML
  if is_root; then
    chown -R "$ES_USER:" "$NODE_DIR"
  fi
}

cmd_start() {
  local version
  if version="$(running_version)"; then
    say "already up: Elasticsearch $version on $ES_URL"
    print_export
    return 0
  fi
  port_open && die "port $ES_PORT on $ES_HOST is taken by something that is not Elasticsearch"
  cmd_fetch
  ensure_es_user
  local jdk
  jdk="$(java_home)"
  [ -x "$jdk/bin/java" ] || die "no java at $jdk/bin/java: set ES_JAVA_HOME to a JDK 17+"
  if node_pid >/dev/null; then
    die "the node of $(rel "$NODE_DIR") runs (pid $(node_pid)) but does not answer on $ES_URL: $0 stop"
  fi
  rm -f "$PID_FILE"
  write_node_config

  local console="$LOG_DIR/console.log" server_log="$LOG_DIR/$CLUSTER_NAME.log"
  say "starting Elasticsearch $ES_VERSION on $ES_URL (heap: $ES_JAVA_OPTS; java: $jdk; logs: $(rel "$LOG_DIR"))"
  # -d: the launcher waits until the server has started, then exits, leaving only
  # the server JVM (its pid in -p). It runs in the background here so that we can
  # show progress and give up after ES_START_TIMEOUT.
  as_es env -u JAVA_HOME ES_JAVA_HOME="$jdk" ES_PATH_CONF="$NODE_DIR/config" \
    ES_TMPDIR="$NODE_DIR/tmp" ES_JAVA_OPTS="$ES_JAVA_OPTS" \
    "$DIST_DIR/bin/elasticsearch" -d -p "$PID_FILE" >"$console" 2>&1 </dev/null &
  local launcher=$! started=$SECONDS health status launcher_status=""
  while :; do
    if health="$(http_get "$ES_URL/_cluster/health?wait_for_status=yellow&timeout=1s")"; then
      status="$(json_field status <<<"$health")"
      case "$status" in green | yellow) break ;; esac
    fi
    if [ -z "$launcher_status" ] && ! kill -0 "$launcher" 2>/dev/null; then
      launcher_status=0
      wait "$launcher" || launcher_status=$?
      if [ "$launcher_status" -ne 0 ]; then
        tail -n 30 "$console" >&2
        die "Elasticsearch did not start (launcher exit $launcher_status): see $console and $server_log"
      fi
    fi
    if [ $((SECONDS - started)) -ge "$ES_START_TIMEOUT" ]; then
      tail -n 30 "$console" >&2
      [ -f "$server_log" ] && tail -n 30 "$server_log" >&2
      die "Elasticsearch did not answer on $ES_URL within ${ES_START_TIMEOUT}s"
    fi
    say "waiting for $ES_URL … $((SECONDS - started))s"
    sleep 2
  done
  say "up after $((SECONDS - started))s: Elasticsearch $(running_version) on $ES_URL, cluster $status, pid $(node_pid || echo '?')"
  print_export
}
print_export() {
  echo "export ELASTICSEARCH_URL=$ES_URL"
}

# ------------------------------------------------------------------ stop
cmd_stop() {
  local pid waited=0
  if ! pid="$(node_pid)"; then
    rm -f "$PID_FILE"
    if running_version >/dev/null; then
      die "an Elasticsearch answers on $ES_URL but was not started from $(rel "$NODE_DIR"): stop it yourself"
    fi
    say "not running on $ES_URL"
    return 0
  fi
  say "stopping pid $pid"
  kill -TERM "$pid" 2>/dev/null || true
  # A clean shutdown takes a few seconds; after 60 s, kill it.
  while kill -0 "$pid" 2>/dev/null || port_open; do
    if [ "$waited" -eq 60 ]; then
      say "still running after 60s: SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    [ "$waited" -lt 90 ] || die "pid $pid or port $ES_PORT still busy after 90s"
    sleep 1
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
  say "stopped after ${waited}s; port $ES_PORT is closed"
}

# ------------------------------------------------------------------ status
# Exit status: 0 up (this directory's node), 3 nothing listens on the port,
# 4 an Elasticsearch that was not started from this directory (stop cannot stop
# it), 5 the port is taken by something else.
cmd_status() {
  local version health pid
  if version="$(running_version)"; then
    health="$(http_get "$ES_URL/_cluster/health" || true)"
    if pid="$(node_pid)"; then
      say "up: Elasticsearch $version on $ES_URL, cluster $(json_field status <<<"$health"), pid $pid"
    else
      say "up: Elasticsearch $version on $ES_URL, cluster $(json_field status <<<"$health"), not started from $(rel "$NODE_DIR")"
      return 4
    fi
  elif port_open; then
    say "port $ES_PORT on $ES_HOST is taken by something that is not Elasticsearch"
    return 5
  else
    say "down: nothing answers on $ES_URL"
    return 3
  fi
}

# ------------------------------------------------------------------ plugin
# Installs another plugin zip into the unpacked server (restart its nodes after):
# a local file, or a Maven coordinate of one published on Maven Central.
cmd_plugin() {
  local spec="${1:-}" zip artifact version
  [ -n "$spec" ] || die "usage: $0 plugin FILE.zip | GROUP:ARTIFACT:VERSION:zip"
  [ -x "$DIST_DIR/bin/elasticsearch" ] || unpack_server
  if [ -f "$spec" ]; then
    zip="$(readlink -f "$spec")"
  else
    mkdir -p "$ES_HOME_DIR/plugins"
    mvn_quiet dependency:copy -Dartifact="$spec" -DoutputDirectory="$ES_HOME_DIR/plugins" ||
      die "mvn could not fetch $spec"
    artifact="$(cut -d: -f2 <<<"$spec")"
    version="$(cut -d: -f3 <<<"$spec")"
    zip="$ES_HOME_DIR/plugins/$artifact-$version.zip"
  fi
  es_env ES_PATH_CONF="$DIST_DIR/config" "$DIST_DIR/bin/elasticsearch-plugin" install --batch "file://$zip"
  say "installed; restart the node: $0 restart"
}

cmd_logs() {
  local log="$LOG_DIR/$CLUSTER_NAME.log"
  [ -f "$log" ] || die "no log yet at $log"
  tail -n "${1:-50}" "$log"
}

cmd_wipe() {
  cmd_stop
  rm -rf "$NODE_DIR"
  say "removed $(rel "$NODE_DIR"): the data, logs and config of the node on port $ES_PORT"
}

usage() {
  sed -n '2,8p' "$0" | sed 's/^# \{0,1\}//'
}

case "${1:-}" in
  fetch) cmd_fetch ;;
  start) cmd_start ;;
  stop) cmd_stop ;;
  restart)
    cmd_stop
    cmd_start
    ;;
  status) cmd_status ;;
  plugin) cmd_plugin "${@:2}" ;;
  logs) cmd_logs "${@:2}" ;;
  wipe) cmd_wipe ;;
  -h | --help | help) usage ;;
  *)
    usage >&2
    exit 2
    ;;
esac
