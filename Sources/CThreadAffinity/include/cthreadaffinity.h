// CPU affinity of the calling thread (Swift's Glibc module leaves out the GNU scheduling calls).
#ifndef CTHREADAFFINITY_H
#define CTHREADAFFINITY_H
#define _GNU_SOURCE
#include <sched.h>

/// Writes the CPUs this thread may run on into `cpus` (at most `capacity`); returns how many, or -1.
static inline int cthreadaffinity_allowed(int *cpus, int capacity) {
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) != 0) return -1;
    int count = 0;
    for (int cpu = 0; cpu < CPU_SETSIZE && count < capacity; cpu++) {
        if (CPU_ISSET(cpu, &set)) cpus[count++] = cpu;
    }
    return count;
}

/// Binds the calling thread to `cpu`; 0 on success, else -1 (errno set).
static inline int cthreadaffinity_pin(int cpu) {
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(cpu, &set);
    return sched_setaffinity(0, sizeof set, &set);
}
#endif
