#define _GNU_SOURCE
#include "cspawn_shim.h"

#include <errno.h>
#include <signal.h>
#include <spawn.h>

#if defined(__GLIBC__)
#define CSPAWN_GLIBC_AT_LEAST(major, minor) __GLIBC_PREREQ(major, minor)
#else
#define CSPAWN_GLIBC_AT_LEAST(major, minor) 0
#endif

int cspawn_start(pid_t *pid, const char *path, char *const argv[], char *const envp[], const char *directory,
                 int in, int out, int err) {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    int status = posix_spawn_file_actions_init(&actions);
    if (status != 0) return status;
    status = posix_spawnattr_init(&attributes);
    if (status != 0) {
        posix_spawn_file_actions_destroy(&actions);
        return status;
    }
    sigset_t all, none;
    sigfillset(&all);
    sigemptyset(&none);
    if (status == 0) status = posix_spawnattr_setsigdefault(&attributes, &all);
    if (status == 0) status = posix_spawnattr_setsigmask(&attributes, &none);
    if (status == 0) status = posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK);
    // Copied onto 0, 1 and 2 in that order, so callers pass descriptors above 2 (stdout's may be stderr's).
    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, in, 0);
    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, out, 1);
    if (status == 0) status = posix_spawn_file_actions_adddup2(&actions, err, 2);
#if CSPAWN_GLIBC_AT_LEAST(2, 34)
    if (status == 0) status = posix_spawn_file_actions_addclosefrom_np(&actions, 3);
#endif
#if CSPAWN_GLIBC_AT_LEAST(2, 29)
    if (status == 0 && directory != NULL) status = posix_spawn_file_actions_addchdir_np(&actions, directory);
#else
    if (status == 0 && directory != NULL) status = ENOSYS;
#endif
    if (status == 0) status = posix_spawn(pid, path, &actions, &attributes, argv, envp);
    posix_spawnattr_destroy(&attributes);
    posix_spawn_file_actions_destroy(&actions);
    return status;
}
