#!/usr/bin/env bash
# A single-node Slurm cluster on this machine, for the cluster tests (no systemd needed).
#   tools/slurm_local.sh start   write slurm.conf, start munged, slurmctld and slurmd, wait ready
#   tools/slurm_local.sh stop    cancel jobs, stop only the daemons this script started
#   tools/slurm_local.sh status
# Packages (slurm-wlm, munge, libpmix-dev) come from tools/install_deps.sh.
# Facts behind the settings (measured on Debian 12, see docs/cluster.md): slurmd needs -N when the
# node name is not the host name; CR_Core without memory tracking lets 1-CPU tasks share the node;
# batch_sched_delay=0 schedules an array at once; without accounting, finished jobs are read from
# `scontrol show job` (kept MinJobAge seconds).
set -euo pipefail
state=${REGRETLAB_SLURM_STATE:-/run/regretlab-slurm}
node=localhost
conf=/etc/slurm/slurm.conf
timeout=${REGRETLAB_SLURM_TIMEOUT:-60}

log() { echo "[slurm_local] $*" >&2; }
ours() {  # ours NAME: prints the PID we recorded for NAME if that process still runs as NAME
  local file="$state/$1.pid" pid
  [ -s "$file" ] || return 1
  pid=$(cat "$file")
  [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] && echo "$pid"
}
wait_for_pid() {  # wait_for_pid PIDFILE NAME
  local pid
  for _ in $(seq 1 $((timeout * 10))); do
    if [ -s "$1" ]; then
      pid=$(cat "$1")
      if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$2" ]; then echo "$pid"; return 0; fi
    fi
    sleep 0.1
  done
  return 1
}

start() {
  [ "$(id -u)" = 0 ] || { log "must run as root"; exit 1; }
  command -v slurmctld >/dev/null || { log "slurm is not installed (run tools/install_deps.sh)"; exit 1; }
  mkdir -p "$state" /etc/slurm /var/log/slurm /var/lib/slurm/slurmctld /var/lib/slurm/slurmd
  local hardware
  hardware=$(slurmd -C | head -n 1 | sed -E 's/^NodeName=[^ ]+//')
  if [ -f "$conf" ] && ! grep -q '^# written by regretlab' "$conf"; then
    cp -p "$conf" "$conf.before-regretlab"
    log "kept the existing $conf as $conf.before-regretlab"
  fi
  cat > "$conf" <<CONF
# written by regretlab tools/slurm_local.sh: one node, no accounting
ClusterName=regretlab
SlurmctldHost=localhost
SlurmUser=root
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=/var/lib/slurm/slurmctld
SlurmdSpoolDir=/var/lib/slurm/slurmd
SlurmctldPidFile=/run/slurmctld.pid
SlurmdPidFile=/run/slurmd.pid
SlurmctldLogFile=/var/log/slurm/slurmctld.log
SlurmdLogFile=/var/log/slurm/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
SchedulerParameters=batch_sched_delay=0
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
MinJobAge=600
NodeName=$node NodeAddr=127.0.0.1 $hardware State=UNKNOWN
PartitionName=debug Nodes=ALL Default=YES MaxTime=INFINITE State=UP
CONF
  # munge: reuse one that already answers (not ours: we will not stop it).
  if ! ours munged >/dev/null && ! (munge -n 2>/dev/null | unmunge >/dev/null 2>&1); then
    [ -s /etc/munge/munge.key ] || {
      mungekey --create --keyfile=/etc/munge/munge.key
      chown munge:munge /etc/munge/munge.key
      chmod 0400 /etc/munge/munge.key
    }
    mkdir -p /run/munge /var/lib/munge /var/log/munge
    chown munge:munge /run/munge /var/lib/munge /var/log/munge
    runuser -u munge -- /usr/sbin/munged --force
    wait_for_pid /run/munge/munged.pid munged > "$state/munged.pid" || { log "munged did not start"; exit 1; }
  fi
  if ! ours slurmctld >/dev/null; then
    rm -f /run/slurmctld.pid
    slurmctld -c
    wait_for_pid /run/slurmctld.pid slurmctld > "$state/slurmctld.pid" ||
      { log "slurmctld did not start; see /var/log/slurm/slurmctld.log"; exit 1; }
  fi
  if ! ours slurmd >/dev/null; then
    rm -f /run/slurmd.pid
    slurmd -N "$node"
    wait_for_pid /run/slurmd.pid slurmd > "$state/slurmd.pid" ||
      { log "slurmd did not start; see /var/log/slurm/slurmd.log"; exit 1; }
  fi
  local st=""
  for _ in $(seq 1 $((timeout * 5))); do
    st=$(sinfo -h -n "$node" -o %t 2>/dev/null || true)
    case "$st" in
      idle|mix|alloc)
        scontrol show node "$node" 2>/dev/null | grep -q 'SlurmdStartTime=[0-9]' && break ;;
      down*|drain*) scontrol update NodeName="$node" State=RESUME 2>/dev/null || true ;;
    esac
    sleep 0.2
  done
  timeout "$timeout" srun -N1 -n1 true || { log "node not ready (state '$st')"; exit 1; }
  log "slurm ready (node $node $st)"
}

stop() {
  if ours slurmctld >/dev/null; then
    local jobs
    jobs=$(squeue -h -o %A 2>/dev/null | sort -u || true)
    [ -z "$jobs" ] || echo "$jobs" | xargs scancel 2>/dev/null || true
  fi
  local name pid
  for name in slurmd slurmctld munged; do
    if pid=$(ours "$name"); then
      kill -TERM "$pid"
      for _ in $(seq 1 100); do [ -d "/proc/$pid" ] || break; sleep 0.1; done
      [ -d "/proc/$pid" ] && kill -KILL "$pid"
      log "stopped $name ($pid)"
    fi
    rm -f "$state/$name.pid"
  done
}

status() {
  local name
  for name in munged slurmctld slurmd; do
    if ours "$name" >/dev/null; then echo "$name: running (ours)"; else echo "$name: not ours / not running"; fi
  done
  sinfo 2>/dev/null || true
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status) status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
