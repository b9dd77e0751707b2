#include "ring.h"

#include <bpf/libbpf.h>
#include <poll.h>
#include <sys/eventfd.h>
#include <time.h>
#include <unistd.h>

#include <algorithm>
#include <exception>
#include <cerrno>
#include <cstring>

#include "addon.h"
#include "errors.h"
#include "object.h"
#include "writer.h"

namespace xsift {

namespace {

// A batch is handed over at the end of every drain, or earlier once it holds
// this many bytes, so a flood never builds one unbounded buffer.
constexpr size_t kFlushBytes = 1 << 20;
// How long the thread sleeps in poll() when nothing wakes it; it also drains
// on every timeout, for programs that submit with BPF_RB_NO_WAKEUP.
constexpr int kPollMs = 100;
// After a drain that found records, the thread sleeps this long at most
// before the next one (fewer wakeups, bigger drains), and not at all when the
// wait it can afford is shorter than the minimum.
constexpr uint64_t kMaxCoalesceNs = 1000000;
constexpr uint64_t kMinCoalesceNs = 50000;
// Transient batches kept for reuse (at most; JS takes one batch at a time).
constexpr size_t kPoolMax = 4;
// The ring's header per record (BPF_RINGBUF_HDR_SZ); records are 8-byte aligned.
constexpr size_t kRingHdr = 8;

uint64_t MonoNs() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

// What OnSample returns to stop ring_buffer__consume() when JS is behind
// (libbpf has already consumed that sample; OnSample kept it).
constexpr int kPause = -EAGAIN;

}  // namespace

void RingCallJs(Napi::Env env, Napi::Function callback, RingCore* core, Batch* raw) {
  std::unique_ptr<Batch> batch(raw);
  if (core) core->Delivered();
  if (env == nullptr || callback.IsEmpty() || !batch) return;  // environment teardown
  try {
    uint32_t count = batch->count;
    size_t size = batch->size;
    uint8_t* bytes = batch->data.get();
    if (core->transient) {
      // The Buffer lends the batch for the call only: detached after it (a view kept past the
      // call sees 0 bytes, never freed memory), then the memory is filled again. Memory that
      // stays in use costs no page faults, and V8 sees no external memory to collect.
      Napi::Buffer<uint8_t> buf = Napi::Buffer<uint8_t>::New(env, bytes, size, [](Napi::Env, uint8_t*) {});
      core->batches.fetch_add(1, std::memory_order_relaxed);
      std::exception_ptr thrown;
      try {
        callback.Call({buf, Napi::Number::New(env, count)});
      } catch (...) {
        thrown = std::current_exception();
      }
      buf.ArrayBuffer().Detach();
      core->Recycle(std::move(batch));
      if (thrown) std::rethrow_exception(thrown);
      return;
    }
    Batch* owned = batch.release();
    // Zero-copy: the Buffer owns the batch and frees it when collected.
    Napi::Buffer<uint8_t> buf = Napi::Buffer<uint8_t>::New(
        env, bytes, size, [](Napi::Env, uint8_t*, Batch* b) { delete b; }, owned);
    core->batches.fetch_add(1, std::memory_order_relaxed);
    callback.Call({buf, Napi::Number::New(env, count)});
  } catch (const Napi::Error& e) {
    try {
      RethrowOnNextTick(env, e);
    } catch (...) {
      // Nothing safe is left to do from inside a TSFN call.
    }
  } catch (const std::exception& e) {
    try {
      RethrowOnNextTick(env, Napi::Error::New(env, std::string("ring callback: ") + e.what()));
    } catch (...) {
    }
  } catch (...) {
  }
}

void RingCore::Delivered() {
  // Main thread. A batch left the queue: if the reader paused on a full
  // queue, wake it to read the ring again.
  uint64_t before = inflight.fetch_sub(1, std::memory_order_acq_rel);
  if (before >= max_inflight_ && wake_fd_ >= 0) {
    uint64_t one = 1;
    ssize_t ignored = write(wake_fd_, &one, sizeof one);
    (void)ignored;
  }
}

RingCore::~RingCore() {
  StopThread();
  if (rb_) ring_buffer__free(rb_);
  if (wake_fd_ >= 0) close(wake_fd_);
}

int RingCore::Start(Napi::Env env, int map_fd, Napi::Function callback, size_t max_queued, std::string* what,
                    std::shared_ptr<WriterCore> writer, uint32_t iface) {
  writer_ = std::move(writer);
  writer_iface_ = iface;
  wake_fd_ = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
  if (wake_fd_ < 0) {
    *what = "eventfd";
    return -errno;
  }
  rb_ = ring_buffer__new(map_fd, OnSample, this, nullptr);
  if (!rb_) {
    *what = "ring_buffer__new";
    return -errno;
  }
  cur_ = NewBatch();
  max_inflight_ = max_queued;
  auto* finalize_ref = new std::shared_ptr<RingCore>(weak_self.lock());
  try {
    // The TSFN queue itself is unbounded: the reader bounds it (max_inflight_)
    // by not reading the ring while JS is behind, so that the only place a
    // record can be lost is the kernel's reservation, which the program counts.
    tsfn_ = RingTsfn::New(env, callback, "xsift ring", 0, 1, this, OnTsfnFinalize, finalize_ref);
  } catch (...) {
    delete finalize_ref;
    throw;
  }
  tsfn_live_ = true;
  try {
    thread_ = std::thread([this] { Run(); });
  } catch (const std::system_error& e) {
    tsfn_.Release();
    tsfn_live_ = false;
    *what = "start reader thread";
    return -(e.code().value() ? e.code().value() : EAGAIN);
  }
  return 0;
}

uint8_t* Batch::Grow(size_t n) {
  if (size + n > cap) {
    size_t want = std::max(size + n, cap * 2);
    std::unique_ptr<uint8_t[]> bigger(new uint8_t[want]);
    if (size) memcpy(bigger.get(), data.get(), size);
    data = std::move(bigger);
    cap = want;
  }
  uint8_t* p = data.get() + size;
  size += n;
  return p;
}

void RingCore::Recycle(std::unique_ptr<Batch> b) {
  b->size = 0;
  b->count = 0;
  std::lock_guard<std::mutex> lock(pool_mu_);
  if (pool_.size() < kPoolMax) pool_.push_back(std::move(b));
}

std::unique_ptr<Batch> RingCore::NewBatch() {
  {
    std::lock_guard<std::mutex> lock(pool_mu_);
    if (!pool_.empty()) {
      std::unique_ptr<Batch> b = std::move(pool_.back());
      pool_.pop_back();
      return b;
    }
  }
  auto b = std::make_unique<Batch>();
  // Room for a full batch at once (growing by doubling copied each batch's bytes several
  // times); with a writer, batches stay empty.
  if (!writer_) {
    b->cap = kFlushBytes + 4096;
    b->data.reset(new uint8_t[b->cap]);
  }
  return b;
}

int RingCore::OnSample(void* ctx, void* data, size_t size) {
  auto* self = static_cast<RingCore*>(ctx);
  self->drained_bytes_ += (size + kRingHdr + 7) & ~size_t{7};
  if (self->writer_) {
    // Run() holds the writer's lock for the whole drain.
    self->writer_->AppendLocked(static_cast<const uint8_t*>(data), size, self->writer_iface_);
    self->read.fetch_add(1, std::memory_order_relaxed);
    return 0;
  }
  Batch& b = *self->cur_;
  uint32_t len = static_cast<uint32_t>(size);
  size_t padded = (size + 3) & ~size_t{3};
  uint8_t* p = b.Grow(4 + padded);
  p[0] = len & 0xff;  // little-endian whatever the host
  p[1] = (len >> 8) & 0xff;
  p[2] = (len >> 16) & 0xff;
  p[3] = (len >> 24) & 0xff;
  memcpy(p + 4, data, size);
  if (padded > size) memset(p + 4 + size, 0, padded - size);
  b.count++;
  self->read.fetch_add(1, std::memory_order_relaxed);
  if (b.size >= kFlushBytes) {
    self->Flush();
    // JS is behind: stop reading (this sample is kept); the ring holds the
    // rest, and what does not fit is counted by the program as lost.
    if (!self->draining_ && self->inflight.load(std::memory_order_acquire) >= self->max_inflight_) {
      self->paused_ = true;
      return kPause;
    }
  }
  return 0;
}

void RingCore::Flush() {
  if (!cur_ || cur_->count == 0) return;
  uint32_t count = cur_->count;
  Batch* out = cur_.release();
  inflight.fetch_add(1, std::memory_order_acq_rel);
  napi_status st = tsfn_.NonBlockingCall(out);
  if (st == napi_ok) {
    cur_ = NewBatch();
    return;
  }
  inflight.fetch_sub(1, std::memory_order_acq_rel);
  // The TSFN is closing (environment teardown): the records are lost, counted.
  cur_.reset(out);
  cur_->size = 0;
  cur_->count = 0;
  queue_dropped.fetch_add(count, std::memory_order_relaxed);
  if (st == napi_closing) stop_.store(true);
}

int RingCore::Drain() {
  drained_bytes_ = 0;
  if (!writer_) return ring_buffer__consume(rb_);
  auto hold = writer_->Hold();
  int r = ring_buffer__consume(rb_);
  writer_->AfterDrainLocked(r == 0);
  return r;
}

void RingCore::Run() {
  pollfd fds[2];
  fds[0].fd = ring_buffer__epoll_fd(rb_);
  fds[0].events = POLLIN;
  fds[1].fd = wake_fd_;
  fds[1].events = POLLIN;
  uint64_t drain;
  uint64_t coalesce_ns = 0;
  uint64_t last_drain = MonoNs();
  while (!stop_.load()) {
    fds[0].revents = fds[1].revents = 0;
    // While JS is behind, wait for a delivery (or close) without reading the ring.
    bool behind = inflight.load(std::memory_order_acquire) >= max_inflight_;
    int n;
    if (behind) {
      n = poll(fds + 1, 1, kPollMs);
    } else if (coalesce_ns) {
      // Records are flowing: let them gather rather than be woken for every few (close() still wakes us).
      timespec ts{0, static_cast<long>(coalesce_ns)};
      n = ppoll(fds + 1, 1, &ts, nullptr);
    } else {
      n = poll(fds, 2, kPollMs);
    }
    if (n < 0 && errno != EINTR) {
      thread_error.store(errno);
      break;
    }
    if (fds[1].revents & POLLIN) {
      ssize_t ignored = ::read(wake_fd_, &drain, sizeof drain);  // reset the eventfd
      (void)ignored;
    }
    if (stop_.load()) break;
    if (behind) continue;
    paused_ = false;
    int r = Drain();
    if (r < 0 && !(r == kPause && paused_)) {
      thread_error.store(-r);
      break;
    }
    Flush();
    // The next wait: a sleep that lets at most a quarter of the ring fill at the last drain's rate.
    uint64_t now = MonoNs();
    uint64_t elapsed = now - last_drain;
    last_drain = now;
    coalesce_ns = 0;
    uint64_t budget = ring_bytes / 4;
    if (r > 0 && drained_bytes_ > 0 && drained_bytes_ < budget) {
      uint64_t affordable = static_cast<uint64_t>(static_cast<double>(budget) * static_cast<double>(elapsed) /
                                                  static_cast<double>(drained_bytes_));
      uint64_t wait = affordable < kMaxCoalesceNs ? affordable : kMaxCoalesceNs;
      if (wait >= kMinCoalesceNs) coalesce_ns = wait;
    }
  }
  // The final drain: what the program wrote before close() is still delivered,
  // whatever JS's backlog (nothing is delivered while close() joins this thread).
  draining_ = true;
  Drain();
  if (writer_) writer_->AfterDrain(true);
  Flush();
}

void RingCore::StopThread() {
  if (!thread_.joinable()) return;
  stop_.store(true);
  if (wake_fd_ >= 0) {
    uint64_t one = 1;
    ssize_t ignored = write(wake_fd_, &one, sizeof one);
    (void)ignored;
  }
  thread_.join();
}

void RingCore::Close() {
  if (closed_) return;
  closed_ = true;
  StopThread();
  if (tsfn_live_) {
    // Batches already queued are still delivered; then the TSFN finalizes.
    tsfn_live_ = false;
    tsfn_.Release();
  }
  if (rb_) {
    ring_buffer__free(rb_);
    rb_ = nullptr;
  }
  if (wake_fd_ >= 0) {
    close(wake_fd_);
    wake_fd_ = -1;
  }
  cur_.reset();
}

void RingCore::OnTsfnFinalize(Napi::Env, std::shared_ptr<RingCore>* self, RingCore* ctx) {
  // Either after Close() released it (the thread is already joined), or at
  // environment teardown: the TSFN is about to be deleted, so the thread must
  // not touch it again.
  ctx->tsfn_live_ = false;
  ctx->StopThread();
  delete self;  // may destroy the core
}

// ---------------------------------------------------------------------------

Napi::Function RingReader::Define(Napi::Env env) {
  return DefineClass(env, "NativeRing",
                     {
                         InstanceMethod<&RingReader::Stats>("stats"),
                         InstanceMethod<&RingReader::Close>("close"),
                     });
}

Napi::Object RingReader::Create(Napi::Env env, Init init) {
  return Data(env).ring_ctor.New({Napi::External<Init>::New(env, &init)});
}

RingReader::RingReader(const Napi::CallbackInfo& info) : Napi::ObjectWrap<RingReader>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "NativeRing is created by NativeObject.openRing()");
  }
  Init* init = info[0].As<Napi::External<Init>>().Data();
  core_ = std::move(init->core);
  parent_ = init->parent;
  parent_ref_ = Napi::Persistent(init->parent_obj);
  if (!init->writer_obj.IsEmpty()) writer_ref_ = Napi::Persistent(init->writer_obj);
  parent_->AddRing(this);
  Ref();
  strong_ = true;
}

RingReader::~RingReader() { CloseImpl(true, true); }

void RingReader::CloseFromParent(bool finalizing) { CloseImpl(finalizing, false); }

void RingReader::CloseImpl(bool finalizing, bool unregister) {
  if (core_) core_->Close();
  if (parent_ && unregister) parent_->ForgetRing(this);
  parent_ = nullptr;
  if (!finalizing) {
    parent_ref_.Reset();
    writer_ref_.Reset();
    if (strong_) {
      strong_ = false;
      Unref();
    }
  }
}

Napi::Value RingReader::Stats(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("read", Napi::Number::New(env, static_cast<double>(core_->read.load())));
  o.Set("queueDropped", Napi::Number::New(env, static_cast<double>(core_->queue_dropped.load())));
  o.Set("batches", Napi::Number::New(env, static_cast<double>(core_->batches.load())));
  return o;
}

Napi::Value RingReader::Close(const Napi::CallbackInfo& info) {
  CloseImpl(false, true);
  return info.Env().Undefined();
}

}  // namespace xsift
