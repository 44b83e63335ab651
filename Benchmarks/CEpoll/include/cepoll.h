// Linux's epoll and socket receive timestamps for the stream benchmark's client harness (Swift's Glibc
// module includes neither the epoll header nor the control-message macros).
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <string.h>
#include <time.h>

static inline int cepoll_fd(const struct epoll_event *event) { return event->data.fd; }

/// Asks the kernel to stamp every received segment with the time it reached this socket.
static inline int cepoll_enable_timestamps(int fd) {
    int on = 1;
    return setsockopt(fd, SOL_SOCKET, SO_TIMESTAMPNS, &on, sizeof on);
}

/// `read` that also returns when the kernel received the oldest bytes read (nanoseconds since the epoch,
/// CLOCK_REALTIME), or 0 when no stamp came with them.
static inline long cepoll_read_stamped(int fd, void *buffer, size_t length, long long *stamp) {
    struct iovec vector = { buffer, length };
    char control[CMSG_SPACE(sizeof(struct timespec))];
    struct msghdr message;
    memset(&message, 0, sizeof message);
    message.msg_iov = &vector;
    message.msg_iovlen = 1;
    message.msg_control = control;
    message.msg_controllen = sizeof control;
    long count = recvmsg(fd, &message, 0);
    *stamp = 0;
    for (struct cmsghdr *header = CMSG_FIRSTHDR(&message); count > 0 && header; header = CMSG_NXTHDR(&message, header)) {
        if (header->cmsg_level == SOL_SOCKET && header->cmsg_type == SCM_TIMESTAMPNS) {
            struct timespec time;
            memcpy(&time, CMSG_DATA(header), sizeof time);
            *stamp = (long long)time.tv_sec * 1000000000LL + time.tv_nsec;
        }
    }
    return count;
}
