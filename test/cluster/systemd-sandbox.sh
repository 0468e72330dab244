#!/usr/bin/env bash
# Boots systemd as PID 1 of namespaces of its own (pid, mount, uts, ipc, cgroup) for the cluster
# suite's supervision test: systemd itself then supervises the units of deploy/systemd, as on a
# deployment's machine. Root only. Usage: systemd-sandbox.sh SANDBOX_DIR INSTALL_DIR
#   SANDBOX_DIR  holds units/ (the only unit search path) and etc/ (copied over /etc: placement/…);
#                its etc-upper/ and etc-work/ keep the /etc overlay, so the host's /etc is untouched
#   INSTALL_DIR  the checkout, bound at /opt/placement as the units expect it
# Nothing it does reaches the host: /etc, /opt, /run and /tmp are private to the sandbox, no unit
# of the machine's own is known to it (no tmpfiles, no journald of the host), and its cgroups live
# under placement-sandbox-<pid> in each hierarchy, removed by the caller.
set -euo pipefail
sandbox=$1
install=$2
name="placement-sandbox-$$"
for hierarchy in /sys/fs/cgroup/*/; do
  [ -f "$hierarchy/cgroup.procs" ] || continue
  mkdir -p "$hierarchy$name"
  # A new v1 cpuset group has no CPUs or memory nodes until given its parent's.
  for file in cpuset.cpus cpuset.mems; do
    [ -f "$hierarchy$file" ] && cat "$hierarchy$file" > "$hierarchy$name/$file"
  done
  echo $$ > "$hierarchy$name/cgroup.procs"
done
echo "$name" > "$sandbox/cgroup-name"
mkdir -p "$sandbox/etc-upper" "$sandbox/etc-work"
exec unshare --pid --fork --mount --uts --ipc --cgroup --propagation private --mount-proc \
  /usr/bin/env SANDBOX="$sandbox" INSTALL="$install" bash -euo pipefail -c '
    mount -t overlay overlay -o "lowerdir=/etc,upperdir=$SANDBOX/etc-upper,workdir=$SANDBOX/etc-work" /etc
    cp -r "$SANDBOX/etc/." /etc/
    getent passwd placement >/dev/null || useradd --system --no-create-home --shell /usr/sbin/nologin placement
    mount -t tmpfs -o mode=0755 tmpfs /opt && mkdir /opt/placement && mount --bind "$INSTALL" /opt/placement
    mount -t tmpfs -o mode=0755 tmpfs /run
    mount -t tmpfs -o mode=1777 tmpfs /tmp
    hostname placement-sandbox
    exec /usr/bin/env -i container=placement-sandbox SYSTEMD_UNIT_PATH="$SANDBOX/units" \
      /usr/lib/systemd/systemd --system --unit=placement-sandbox.target --log-target=console --show-status=no
  '
