// Linux's epoll for the stream benchmark's client harness (Swift's Glibc module does not include it).
#include <sys/epoll.h>

static inline int cepoll_fd(const struct epoll_event *event) { return event->data.fd; }
