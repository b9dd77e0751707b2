#include "errors.h"

#include <bpf/libbpf.h>

#include <cerrno>
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <deque>
#include <memory>
#include <mutex>

namespace xsift {

std::string Quote(const std::string& s) { return "\"" + s + "\""; }

std::string ErrnoName(int err) {
  if (err < 0) err = -err;
  const char* name = strerrorname_np(err);
  return name ? std::string(name) : "E" + std::to_string(err);
}

Napi::Error ErrnoError(Napi::Env env, const std::string& syscall, const std::string& what, int err) {
  if (err < 0) err = -err;
  if (err == 0) err = EIO;  // a failure without errno: report it as an I/O error, never as "Success"
  const char* desc = strerrordesc_np(err);
  std::string name = ErrnoName(err);
  std::string message = what + ": " + (desc ? desc : "unknown error") + " (" + name + ")";
  Napi::Error e = Napi::Error::New(env, message);
  Napi::Object o = e.Value();
  o.Set("code", Napi::String::New(env, name));
  o.Set("errno", Napi::Number::New(env, err));
  o.Set("syscall", Napi::String::New(env, syscall));
  return e;
}

Napi::Error ClosedError(Napi::Env env, const std::string& syscall, const std::string& what) {
  Napi::Error e = Napi::Error::New(env, what + ": object is closed (EBADF)");
  Napi::Object o = e.Value();
  o.Set("code", Napi::String::New(env, "EBADF"));
  o.Set("errno", Napi::Number::New(env, EBADF));
  o.Set("syscall", Napi::String::New(env, syscall));
  return e;
}

void RethrowOnNextTick(Napi::Env env, const Napi::Error& error) {
  auto held = std::make_shared<Napi::Error>(error);
  Napi::Function thrower = Napi::Function::New(
      env, [held](const Napi::CallbackInfo&) -> void { throw *held; }, "xsiftCallbackError");
  Napi::Object process = env.Global().Get("process").As<Napi::Object>();
  process.Get("nextTick").As<Napi::Function>().Call(process, {thrower});
}

Napi::TypeError ArgError(Napi::Env env, const std::string& message) {
  return Napi::TypeError::New(env, message);
}

namespace {

constexpr size_t kKeepLines = 64;
constexpr size_t kMaxLine = 512;

std::mutex g_log_mu;
std::deque<std::string> g_log;  // newest at the back
uint64_t g_log_seq = 0;         // number of lines ever captured

void Capture(std::string line) {
  if (line.empty()) return;
  std::lock_guard<std::mutex> lock(g_log_mu);
  g_log.push_back(std::move(line));
  ++g_log_seq;
  while (g_log.size() > kKeepLines) g_log.pop_front();
}

int PrintToTail(enum libbpf_print_level level, const char* fmt, va_list ap) {
  if (level == LIBBPF_DEBUG) return 0;
  char buf[4096];
  int n = vsnprintf(buf, sizeof buf, fmt, ap);
  if (n < 0) return 0;
  std::string text(buf);
  // libbpf repeats the whole verifier log between these markers; the object
  // keeps that log separately (verifierLog), so keep only the first line.
  size_t begin = text.find("-- BEGIN PROG LOAD LOG --");
  if (begin != std::string::npos) text = text.substr(0, begin) + "(verifier log elided)";
  size_t start = 0;
  while (start < text.size()) {
    size_t nl = text.find('\n', start);
    std::string line = text.substr(start, nl == std::string::npos ? std::string::npos : nl - start);
    if (line.size() > kMaxLine) line = line.substr(0, kMaxLine) + "...";
    Capture(std::move(line));
    if (nl == std::string::npos) break;
    start = nl + 1;
  }
  return n;
}

}  // namespace

void InstallLibbpfPrint() {
  static std::once_flag once;
  std::call_once(once, [] { libbpf_set_print(PrintToTail); });
}

uint64_t LibbpfLogMark() {
  std::lock_guard<std::mutex> lock(g_log_mu);
  return g_log_seq;
}

std::string LibbpfLogSince(uint64_t mark) {
  std::lock_guard<std::mutex> lock(g_log_mu);
  uint64_t newer = g_log_seq - mark;
  size_t take = newer < g_log.size() ? static_cast<size_t>(newer) : g_log.size();
  std::string out;
  for (size_t i = g_log.size() - take; i < g_log.size(); ++i) {
    out += g_log[i];
    out += '\n';
  }
  return out;
}

}  // namespace xsift
