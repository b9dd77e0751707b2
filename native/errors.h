// Errors as data: every failed kernel or libbpf call becomes a JS Error whose
// message names the operation, the object and the errno, with `code` (errno
// name), `errno` and `syscall` (the operation) set.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace xsift {

// "name" with double quotes, for object names in messages.
std::string Quote(const std::string& s);

// "ENODEV" for 19; "E<number>" when glibc has no name.
std::string ErrnoName(int err);

// `<what>: <strerror> (<ERRNO>)`, with code/errno/syscall set. `err` may be
// negative (libbpf style). `syscall` is the short operation ("attach xdp").
Napi::Error ErrnoError(Napi::Env env, const std::string& syscall, const std::string& what, int err);

// An error for a call on an object that close() already released:
// `<what>: object is closed (EBADF)`.
Napi::Error ClosedError(Napi::Env env, const std::string& syscall, const std::string& what);

// Rethrow `error` outside a ThreadSafeFunction callback: an exception
// escaping a TSFN call is swallowed by Node (DEP0168) and leaves the process
// hanging, while one thrown from process.nextTick is an ordinary uncaught
// exception.
void RethrowOnNextTick(Napi::Env env, const Napi::Error& error);

// A JS TypeError for bad arguments (programming errors, not kernel failures).
Napi::TypeError ArgError(Napi::Env env, const std::string& message);

// libbpf prints through a callback that this installs once: nothing goes to
// stderr; warnings and info lines are kept in a small in-memory tail so a
// failed load can carry them. Thread-safe (libbpf may print from the ring thread).
void InstallLibbpfPrint();
// A position in the captured tail; LibbpfLogSince(mark) returns the lines
// printed after it (bounded), the verifier log blocks elided.
uint64_t LibbpfLogMark();
std::string LibbpfLogSince(uint64_t mark);

}  // namespace xsift
