#ifndef CSPAWN_SHIM_H
#define CSPAWN_SHIM_H

#include <sys/types.h>

/// Starts `path` with `argv` and `envp` (both NULL-terminated) by posix_spawn, the way the tests start
/// every child: its stdin, stdout and stderr are the descriptors `in`, `out` and `err`; every other
/// descriptor of this process is closed in the child (glibc 2.34 and later, as on Debian 12); signal
/// dispositions are reset to their defaults and none is blocked; it starts in `directory` when that is
/// not NULL (glibc 2.29 and later; ENOSYS before).
///
/// Returns 0 and the child's id in `*pid`, or an errno value. Safe to call from any thread (it is what
/// Foundation's `Process.run()` does on Linux, without that method's scan of /proc/self/fd, which reads
/// past the end of a directory entry's name and crashes at random: swift-corelibs-foundation #5472).
int cspawn_start(pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *directory,
                 int in, int out, int err);

#endif
