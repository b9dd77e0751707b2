// Run a few calls of the calling thread inside another network namespace.
#pragma once

#include <string>

namespace xsift {

// Ownership and threads: owns two fds (the thread's original namespace and
// the target) for its lifetime. setns(CLONE_NEWNET) changes only the calling
// thread, so the guard must be created and destroyed on the same thread and
// must not be held across a return to JS. The destructor ALWAYS switches the
// thread back; if that fails the process aborts rather than run on in a
// foreign namespace.
class NetnsGuard {
 public:
  NetnsGuard() = default;
  ~NetnsGuard();
  NetnsGuard(const NetnsGuard&) = delete;
  NetnsGuard& operator=(const NetnsGuard&) = delete;

  // Switch into the namespace at `path` (e.g. /run/netns/NAME). An empty path
  // does nothing. Returns 0 or an errno value (the thread is unchanged then).
  int Enter(const std::string& path);

 private:
  int orig_fd_ = -1;
  bool entered_ = false;
};

}  // namespace xsift
