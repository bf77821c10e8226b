# Entry point of the stand-in installer: `--uninstall qemu-a,qemu-b --install arch1,arch2`, as
# tonistiigi/binfmt takes them. Like tonistiigi/binfmt it logs a failed registration and still exits 0,
# so callers must read /proc again to know what happened.
bb=/bin/busybox
mnt=/proc/sys/fs/binfmt_misc

# A privileged container gets a fresh /proc without the host's binfmt_misc mount; the kernel's instance
# behind it is the host's, so what is registered here stays after the container exits.
if [ ! -e "$mnt/status" ]; then
  $bb mount -t binfmt_misc binfmt_misc "$mnt" || exit 1
fi

uninstall() {
  for name in $(echo "$1" | $bb tr ',' ' '); do
    if [ -e "$mnt/$name" ]; then
      echo -1 > "$mnt/$name" && echo "uninstalling: $name OK"
    else
      echo "uninstalling: $name not found"
    fi
  done
}

install() {
  for arch in $(echo "$1" | $bb tr ',' ' '); do
    line="/etc/binfmt/$arch.line"
    if [ ! -e "$line" ]; then
      echo "installing: $arch unsupported architecture"
      continue
    fi
    # cat, not printf or echo: the line holds literal \x00 escapes the kernel must see as text
    if $bb cat "$line" > "$mnt/register"; then
      echo "installing: $arch OK"
    else
      echo "installing: $arch failed"
    fi
  done
}

while [ $# -gt 0 ]; do
  case "$1" in
    --uninstall) uninstall "$2"; shift 2 ;;
    --install) install "$2"; shift 2 ;;
    *) echo "unknown argument: $1"; shift ;;
  esac
done
exit 0
