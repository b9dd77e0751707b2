#include "netns.h"

#include <fcntl.h>
#include <sched.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

namespace xsift {

int NetnsGuard::Enter(const std::string& path) {
  if (path.empty() || entered_) return entered_ ? EALREADY : 0;
  // thread-self, not self: the guard is about this thread only.
  int orig = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (orig < 0) return errno;
  int target = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    int err = errno;
    close(orig);
    return err;
  }
  if (setns(target, CLONE_NEWNET) != 0) {
    int err = errno;
    close(target);
    close(orig);
    return err;
  }
  close(target);
  orig_fd_ = orig;
  entered_ = true;
  return 0;
}

NetnsGuard::~NetnsGuard() {
  if (!entered_) return;
  if (setns(orig_fd_, CLONE_NEWNET) != 0) {
    // Continuing would run every later call of this thread (Node's main
    // thread) in the wrong namespace.
    fprintf(stderr, "xsift: cannot return to the original network namespace: %s\n", strerror(errno));
    abort();
  }
  close(orig_fd_);
}

}  // namespace xsift
