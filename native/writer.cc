#include "writer.h"

#include <fcntl.h>
#include <poll.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <new>

#include "addon.h"
#include "errors.h"

namespace xsift {

namespace {

// struct xsift_record (templates/xsift_event.h): 32 bytes, host byte order.
constexpr size_t kRecordHeader = 32;
constexpr size_t kOffTs = 0;
constexpr size_t kOffWireLen = 8;
constexpr size_t kOffCapLen = 12;

constexpr uint32_t kPcapngEpb = 6;
// O_DIRECT writes: whole blocks at block offsets (4 KiB covers every logical block size in use).
constexpr size_t kAlign = 4096;
constexpr int64_t kNsPerSec = 1000000000;

// The file formats are little-endian whatever the host (runtime/pcap.ts writes LE).
inline void Put32(uint8_t* p, uint32_t v) {
  p[0] = static_cast<uint8_t>(v);
  p[1] = static_cast<uint8_t>(v >> 8);
  p[2] = static_cast<uint8_t>(v >> 16);
  p[3] = static_cast<uint8_t>(v >> 24);
}

template <typename T>
inline T Load(const uint8_t* p) {
  T v;
  memcpy(&v, p, sizeof v);  // host order, possibly unaligned
  return v;
}

}  // namespace

void WriterCallJs(Napi::Env env, Napi::Function callback, WriterCore*, int* raw) {
  std::unique_ptr<int> event(raw);
  if (env == nullptr || callback.IsEmpty() || !event) return;  // environment teardown
  try {
    callback.Call({Napi::String::New(env, *event == WriterCore::kLimit ? "limit" : "error")});
  } catch (const Napi::Error& e) {
    try {
      RethrowOnNextTick(env, e);
    } catch (...) {
    }
  } catch (...) {
  }
}

WriterCore::WriterCore(WriterConfig config) : config_(std::move(config)) {
  uint32_t max_snap = 0;
  for (uint32_t s : config_.snaplens) max_snap = std::max(max_snap, s);
  // Room for a full buffer plus the largest record (a write is at most
  // flush_bytes, except a single record larger than that), plus the
  // unaligned rest a direct write leaves behind.
  cap_ = (config_.flush_bytes + max_snap + 64 + 2 * kAlign) & ~(kAlign - 1);
  buf_.reset(static_cast<uint8_t*>(aligned_alloc(kAlign, cap_)));
  if (!buf_) throw std::bad_alloc();
  marks_.reserve(config_.flush_bytes / 48 + 1);
  per_iface_.reset(new std::atomic<uint64_t>[config_.snaplens.size()]);
  for (size_t i = 0; i < config_.snaplens.size(); i++) per_iface_[i].store(0);
  struct stat st;
  if (config_.direct && fstat(config_.fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size == 0 &&
      lseek(config_.fd, 0, SEEK_CUR) == 0) {
    // Refused (EINVAL) by file systems without direct I/O: then writes go through the page cache.
    SetDirect(true);
  }
}

void WriterCore::SetDirect(bool on) {
  int flags = fcntl(config_.fd, F_GETFL);
  if (flags < 0) {
    direct_ = false;
    return;
  }
  int want = on ? (flags | O_DIRECT) : (flags & ~O_DIRECT);
  if (want == flags || fcntl(config_.fd, F_SETFL, want) == 0) {
    direct_ = on;
  } else {
    direct_ = false;
  }
}

WriterCore::~WriterCore() { Close(); }

void WriterCore::StartEvents(Napi::Env env, Napi::Function on_event) {
  auto* finalize_ref = new std::shared_ptr<WriterCore>(weak_self.lock());
  try {
    tsfn_ = WriterTsfn::New(env, on_event, "xsift writer", 0, 1, this, OnTsfnFinalize, finalize_ref);
  } catch (...) {
    delete finalize_ref;
    throw;
  }
  tsfn_.Unref(env);
  std::lock_guard<std::mutex> lock(mu_);
  tsfn_live_ = true;
}

void WriterCore::OnTsfnFinalize(Napi::Env, std::shared_ptr<WriterCore>* self, WriterCore* ctx) {
  {
    std::lock_guard<std::mutex> lock(ctx->mu_);
    ctx->tsfn_live_ = false;
  }
  delete self;  // may destroy the core
}

uint64_t WriterCore::NowMs() const {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000 + static_cast<uint64_t>(ts.tv_nsec) / 1000000;
}

void WriterCore::Emit(Event e) {
  if (!tsfn_live_) return;
  int* ev = new int(e);
  if (tsfn_.NonBlockingCall(ev) != napi_ok) delete ev;
}

void WriterCore::Fail(int err, const std::string& what) {
  if (error.load() != 0) return;
  error_what_ = what;
  error.store(err);
  Emit(kError);
}

std::string WriterCore::error_what() {
  std::lock_guard<std::mutex> lock(mu_);
  return error_what_;
}

bool WriterCore::closed() {
  std::lock_guard<std::mutex> lock(mu_);
  return closed_;
}

void WriterCore::Append(const uint8_t* rec, size_t size, uint32_t iface) {
  std::lock_guard<std::mutex> lock(mu_);
  AppendLocked(rec, size, iface);
}

void WriterCore::AppendLocked(const uint8_t* rec, size_t size, uint32_t iface) {
  if (closed_ || error.load() != 0 || (config_.limit && accepted_ >= config_.limit)) {
    discarded.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  std::string bad;
  uint32_t rec_cap = 0;
  if (size < kRecordHeader) {
    bad = "a ring record of " + std::to_string(size) + " bytes is shorter than its 32-byte header";
  } else if ((rec_cap = Load<uint32_t>(rec + kOffCapLen)) > size - kRecordHeader) {
    bad = "a ring record claims " + std::to_string(rec_cap) + " captured bytes but holds " +
          std::to_string(size - kRecordHeader);
  } else if (iface >= config_.snaplens.size()) {
    bad = "a record of interface " + std::to_string(iface) + " for a file of " +
          std::to_string(config_.snaplens.size()) + " interface(s)";
  }
  if (!bad.empty()) {
    Fail(EBADMSG, "encode " + bad + " into " + Quote(config_.name));
    discarded.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  uint64_t ts = Load<uint64_t>(rec + kOffTs);
  uint32_t wire = Load<uint32_t>(rec + kOffWireLen);
  // Wall-clock time: the monotonic stamp plus the offset measured by JS at start (runtime/events.ts Clock).
  int64_t wall = static_cast<int64_t>(ts + static_cast<uint64_t>(config_.offset_ns));
  if (wall < 0) {
    Fail(EINVAL, "encode a record stamped before the epoch (" + std::to_string(wall) + " ns) into " +
                     Quote(config_.name));
    discarded.fetch_add(1, std::memory_order_relaxed);
    return;
  }
  uint32_t caplen = std::min(rec_cap, config_.snaplens[iface]);
  uint32_t len = std::max(wire, caplen);
  uint32_t padded = (caplen + 3) & ~3u;
  size_t need = config_.pcapng ? 32 + padded : 16 + caplen;
  if (used_ > 0 && used_ + need > config_.flush_bytes) {
    if (FlushLocked(false) != 0) {
      discarded.fetch_add(1, std::memory_order_relaxed);
      return;
    }
  }
  uint8_t* p = buf_.get() + used_;
  if (config_.pcapng) {
    uint64_t ticks = config_.nano ? static_cast<uint64_t>(wall) : static_cast<uint64_t>(wall) / 1000;
    uint32_t total = static_cast<uint32_t>(need);
    Put32(p, kPcapngEpb);
    Put32(p + 4, total);
    Put32(p + 8, iface);
    Put32(p + 12, static_cast<uint32_t>(ticks >> 32));
    Put32(p + 16, static_cast<uint32_t>(ticks));
    Put32(p + 20, caplen);
    Put32(p + 24, len);
    memcpy(p + 28, rec + kRecordHeader, caplen);
    memset(p + 28 + caplen, 0, padded - caplen);
    Put32(p + 28 + padded, total);
  } else {
    int64_t sec = wall / kNsPerSec;
    int64_t sub = wall % kNsPerSec;
    Put32(p, static_cast<uint32_t>(sec));
    Put32(p + 4, static_cast<uint32_t>(config_.nano ? sub : sub / 1000));
    Put32(p + 8, caplen);
    Put32(p + 12, len);
    memcpy(p + 16, rec + kRecordHeader, caplen);
  }
  if (base_ + used_ == visible_) oldest_ms_ = NowMs();  // nothing was waiting to be written
  used_ += need;
  marks_.push_back(Mark{base_ + used_, iface});
  accepted_++;
  if (config_.limit && accepted_ == config_.limit) {
    // -c: the last frame wanted is in; write it now and say so.
    if (FlushLocked(true) == 0) {
      limit_reached.store(true);
      Emit(kLimit);
    }
  } else if (used_ >= config_.flush_bytes) {
    FlushLocked(false);
  }
}

void WriterCore::AfterDrain(bool idle) {
  std::lock_guard<std::mutex> lock(mu_);
  AfterDrainLocked(idle);
}

void WriterCore::AfterDrainLocked(bool idle) {
  if (base_ + used_ == visible_) return;  // everything buffered is in the file
  if (idle || NowMs() - oldest_ms_ >= config_.max_age_ms) FlushLocked(true);
}

int WriterCore::Flush() {
  std::lock_guard<std::mutex> lock(mu_);
  return FlushLocked(true);
}

int WriterCore::WriteAll(const uint8_t* data, size_t size, size_t* written) {
  size_t off = 0;
  int err = 0;
  while (off < size) {
    ssize_t n = write(config_.fd, data + off, size - off);
    if (n > 0) {
      off += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      // A non-blocking descriptor (a pipe as stdout) that is full: wait until it drains.
      pollfd pfd{config_.fd, POLLOUT, 0};
      if (poll(&pfd, 1, -1) < 0 && errno != EINTR) {
        err = errno;
        break;
      }
      continue;
    }
    err = n < 0 ? errno : EIO;
    break;
  }
  *written = off;
  if (off > 0) writes.fetch_add(1, std::memory_order_relaxed);
  return err;
}

int WriterCore::PwriteAll(const uint8_t* data, size_t size, uint64_t at, size_t* written) {
  size_t off = 0;
  int err = 0;
  while (off < size) {
    ssize_t n = pwrite(config_.fd, data + off, size - off, static_cast<off_t>(at + off));
    if (n > 0) {
      off += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    err = n < 0 ? errno : EIO;
    break;
  }
  *written = off;
  if (off > 0) writes.fetch_add(1, std::memory_order_relaxed);
  return err;
}

void WriterCore::CountWhole(uint64_t extent) {
  size_t k = 0;
  uint64_t n = 0;
  while (k < marks_.size() && marks_[k].end <= extent) {
    if (marks_[k].iface != kBlock) {
      per_iface_[marks_[k].iface].fetch_add(1, std::memory_order_relaxed);
      n++;
    }
    whole_end_ = marks_[k].end;
    k++;
  }
  marks_.erase(marks_.begin(), marks_.begin() + static_cast<std::ptrdiff_t>(k));
  frames.fetch_add(n, std::memory_order_relaxed);
  bytes.store(whole_end_, std::memory_order_relaxed);
}

void WriterCore::FailWrite(int err, uint64_t extent) {
  for (const Mark& m : marks_) {
    if (m.iface != kBlock) discarded.fetch_add(1, std::memory_order_relaxed);
  }
  marks_.clear();
  struct stat st;
  if (extent > whole_end_ && config_.cut_back && fstat(config_.fd, &st) == 0 && S_ISREG(st.st_mode)) {
    // Cut the partial record off, and write anything later (a trailer) right after the last whole one.
    if (ftruncate(config_.fd, static_cast<off_t>(whole_end_)) == 0) lseek(config_.fd, static_cast<off_t>(whole_end_), SEEK_SET);
  }
  if (direct_) {
    // What is written after a failure (a trailer) goes at an unaligned offset: through the page cache.
    SetDirect(false);
    lseek(config_.fd, static_cast<off_t>(whole_end_), SEEK_SET);
  }
  base_ = visible_ = whole_end_;
  used_ = 0;
  Fail(err, "write " + Quote(config_.name));
}

int WriterCore::FlushLocked(bool visible) {
  if (used_ == 0) return 0;
  return direct_ ? FlushDirect(visible) : FlushBuffered();
}

int WriterCore::FlushBuffered() {
  size_t written = 0;
  int err = WriteAll(buf_.get(), used_, &written);
  uint64_t extent = base_ + written;
  CountWhole(extent);
  if (err) {
    FailWrite(err, extent);
    return err;
  }
  base_ = visible_ = base_ + used_;
  used_ = 0;
  return 0;
}

int WriterCore::FlushDirect(bool visible) {
  size_t aligned = used_ & ~(kAlign - 1);
  size_t done = 0;
  int err = 0;
  // The aligned prefix, straight from the buffer to the device.
  if (aligned > 0) err = PwriteAll(buf_.get(), aligned, base_, &done);
  if (err == EINVAL && done == 0) {
    // A device that wants more than 4 KiB alignment refuses the first one: go on through the page cache.
    SetDirect(false);
    if (!direct_ && lseek(config_.fd, static_cast<off_t>(base_), SEEK_SET) >= 0) return FlushBuffered();
  }
  uint64_t extent = base_ + done;
  if (!err && visible && used_ > aligned) {
    // The unaligned tail through the page cache (O_DIRECT takes whole blocks only); the next
    // direct write starts at the same block and rewrites it.
    SetDirect(false);
    size_t tail = 0;
    err = PwriteAll(buf_.get() + aligned, used_ - aligned, base_ + aligned, &tail);
    extent = base_ + aligned + tail;
    if (!err) SetDirect(true);
    if (!err && !direct_) {
      // O_DIRECT could not be set again: go on through the page cache, at the file's end.
      lseek(config_.fd, static_cast<off_t>(base_ + used_), SEEK_SET);
      CountWhole(base_ + used_);
      base_ = visible_ = base_ + used_;
      used_ = 0;
      return 0;
    }
  }
  if (extent > visible_) visible_ = extent;
  CountWhole(extent);
  if (err) {
    FailWrite(err, extent);
    return err;
  }
  // Keep the rest (less than a block) at the start of the buffer for the next direct write.
  if (aligned > 0) {
    memmove(buf_.get(), buf_.get() + aligned, used_ - aligned);
    base_ += aligned;
    used_ -= aligned;
  }
  return 0;
}

bool WriterCore::Reserve(size_t need) {
  if (used_ + need <= cap_) return true;
  size_t cap = (used_ + need + kAlign - 1) & ~(kAlign - 1);
  uint8_t* p = static_cast<uint8_t*>(aligned_alloc(kAlign, cap));
  if (!p) return false;
  memcpy(p, buf_.get(), used_);
  buf_.reset(p);
  cap_ = cap;
  return true;
}

int WriterCore::WriteBlock(const uint8_t* data, size_t size) {
  std::lock_guard<std::mutex> lock(mu_);
  if (closed_) return EBADF;
  if (direct_) {
    // In the buffer after the records before it, so that direct writes stay aligned.
    if (!Reserve(size)) return ENOMEM;
    if (base_ + used_ == visible_) oldest_ms_ = NowMs();
    memcpy(buf_.get() + used_, data, size);
    used_ += size;
    marks_.push_back(Mark{base_ + used_, kBlock});
    return FlushLocked(true);
  }
  int err = FlushLocked(true);
  if (err) return err;
  size_t written = 0;
  err = WriteAll(data, size, &written);
  if (err) {
    struct stat st;
    if (written > 0 && config_.cut_back && fstat(config_.fd, &st) == 0 && S_ISREG(st.st_mode)) {
      off_t at = static_cast<off_t>(whole_end_);
      if (ftruncate(config_.fd, at) == 0) lseek(config_.fd, at, SEEK_SET);
    }
    return err;
  }
  whole_end_ += size;
  base_ = visible_ = whole_end_;
  bytes.store(whole_end_, std::memory_order_relaxed);
  return 0;
}

int WriterCore::Close() {
  bool release = false;
  int err = 0;
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closed_) return 0;
    err = FlushLocked(true);
    closed_ = true;
    release = tsfn_live_;
    tsfn_live_ = false;
  }
  // Events already queued are still delivered; then the TSFN finalizes.
  if (release) tsfn_.Release();
  return err;
}

// ---------------------------------------------------------------------------

Napi::Function FileWriter::Define(Napi::Env env) {
  return DefineClass(env, "NativeWriter",
                     {
                         InstanceMethod<&FileWriter::Append>("append"),
                         InstanceMethod<&FileWriter::WriteBlock>("writeBlock"),
                         InstanceMethod<&FileWriter::Flush>("flush"),
                         InstanceMethod<&FileWriter::Stats>("stats"),
                         InstanceMethod<&FileWriter::Close>("close"),
                     });
}

Napi::Value FileWriter::Open(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) throw ArgError(env, "openWriter: fd must be a number");
  double fd = info[0].As<Napi::Number>().DoubleValue();
  if (!(fd >= 0 && fd <= 0x7fffffff) || fd != std::floor(fd)) throw ArgError(env, "openWriter: fd must be a descriptor");
  Napi::Object opts = OptionsArg(info, 1);
  auto config = std::make_unique<WriterConfig>();
  config->fd = static_cast<int>(fd);
  std::string format = OptString(opts, "format", "pcap");
  if (format != "pcap" && format != "pcapng") throw ArgError(env, "openWriter: format must be \"pcap\" or \"pcapng\"");
  config->pcapng = format == "pcapng";
  config->nano = opts.Get("nano").ToBoolean();
  config->cut_back = opts.Get("cutBack").ToBoolean();
  config->direct = opts.Get("direct").ToBoolean();
  config->name = OptString(opts, "name", "fd " + std::to_string(config->fd));
  Napi::Value snaps = opts.Get("snaplens");
  if (!snaps.IsArray() || snaps.As<Napi::Array>().Length() == 0) {
    throw ArgError(env, "openWriter: snaplens must be a non-empty array (one per interface)");
  }
  Napi::Array arr = snaps.As<Napi::Array>();
  for (uint32_t i = 0; i < arr.Length(); i++) {
    Napi::Value v = arr.Get(i);
    double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
    if (!(d >= 1 && d <= 262144) || d != std::floor(d)) throw ArgError(env, "openWriter: a snaplen must be an integer in [1, 262144]");
    config->snaplens.push_back(static_cast<uint32_t>(d));
  }
  Napi::Value off = opts.Get("offsetNs");
  if (!off.IsUndefined()) {
    if (!off.IsBigInt()) throw ArgError(env, "openWriter: offsetNs must be a bigint");
    bool lossless = false;
    config->offset_ns = off.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw ArgError(env, "openWriter: offsetNs must fit in 64 bits");
  }
  config->limit = static_cast<uint64_t>(OptInt(opts, "limit", 0, 0, int64_t{1} << 53));
  config->flush_bytes = static_cast<size_t>(OptInt(opts, "flushBytes", 1 << 20, 4096, 64 << 20));
  config->max_age_ms = static_cast<uint64_t>(OptInt(opts, "maxAgeMs", 1000, 1, 3600000));
  Napi::Function on_event;
  if (info.Length() > 2 && !info[2].IsUndefined()) {
    if (!info[2].IsFunction()) throw ArgError(env, "openWriter: onEvent must be a function");
    on_event = info[2].As<Napi::Function>();
  }
  Napi::Object w = Data(env).writer_ctor.New({Napi::External<WriterConfig>::New(env, config.get())});
  if (!on_event.IsEmpty()) FileWriter::Unwrap(w)->core_->StartEvents(env, on_event);
  return w;
}

FileWriter::FileWriter(const Napi::CallbackInfo& info) : Napi::ObjectWrap<FileWriter>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "NativeWriter is created by openWriter()");
  }
  WriterConfig* config = info[0].As<Napi::External<WriterConfig>>().Data();
  core_ = std::make_shared<WriterCore>(std::move(*config));
  core_->weak_self = core_;
}

FileWriter::~FileWriter() {
  // Rings that write into this writer hold a reference to it while open, so
  // it is only collected once nothing feeds it.
  if (core_) core_->Close();
}

Napi::Error FileWriter::WriteError(Napi::Env env, int err) {
  return ErrnoError(env, "write", "write " + Quote(core_->config().name), err);
}

Napi::Value FileWriter::Append(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsBuffer()) throw ArgError(env, "append: record must be a Buffer");
  Napi::Buffer<uint8_t> rec = info[0].As<Napi::Buffer<uint8_t>>();
  uint32_t iface = static_cast<uint32_t>(info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().Uint32Value() : 0);
  core_->Append(rec.Data(), rec.Length(), iface);
  return env.Undefined();
}

Napi::Value FileWriter::WriteBlock(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsBuffer()) throw ArgError(env, "writeBlock: block must be a Buffer");
  Napi::Buffer<uint8_t> b = info[0].As<Napi::Buffer<uint8_t>>();
  int err = core_->WriteBlock(b.Data(), b.Length());
  if (err == EBADF && core_->closed()) throw ClosedError(env, "write", "write " + Quote(core_->config().name));
  if (err) throw WriteError(env, err);
  return env.Undefined();
}

Napi::Value FileWriter::Flush(const Napi::CallbackInfo& info) {
  int err = core_->Flush();
  if (err) throw WriteError(info.Env(), err);
  return info.Env().Undefined();
}

Napi::Value FileWriter::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("frames", Napi::Number::New(env, static_cast<double>(core_->frames.load())));
  o.Set("bytes", Napi::Number::New(env, static_cast<double>(core_->bytes.load())));
  o.Set("discarded", Napi::Number::New(env, static_cast<double>(core_->discarded.load())));
  o.Set("writes", Napi::Number::New(env, static_cast<double>(core_->writes.load())));
  o.Set("direct", Napi::Boolean::New(env, core_->direct()));
  o.Set("limitReached", Napi::Boolean::New(env, core_->limit_reached.load()));
  size_t n = core_->config().snaplens.size();
  Napi::Array per = Napi::Array::New(env, n);
  for (size_t i = 0; i < n; i++) per.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(core_->frames_for(static_cast<uint32_t>(i)))));
  o.Set("perInterface", per);
  int err = core_->error.load();
  if (err) {
    std::string what = core_->error_what();
    o.Set("error", ErrnoError(env, what.rfind("write ", 0) == 0 ? "write" : "encode record", what, err).Value());
  }
  return o;
}

Napi::Value FileWriter::Close(const Napi::CallbackInfo& info) {
  int err = core_->Close();
  if (err) throw WriteError(info.Env(), err);
  return info.Env().Undefined();
}

}  // namespace xsift
