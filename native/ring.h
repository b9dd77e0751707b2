// NativeRing: a BPF ring buffer read on a native thread, delivered to JS in batches.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

struct ring_buffer;

namespace xsift {

class BpfObject;
class WriterCore;

// One delivery to JS: `count` records framed as u32 LE length + bytes, padded to 4.
// Its memory is handed to JS as a Buffer (no copy), freed when that is collected.
struct Batch {
  std::unique_ptr<uint8_t[]> data;
  size_t size = 0;
  size_t cap = 0;
  uint32_t count = 0;
  // Room for `n` more bytes (uninitialised: zero-filling them cost as much as a copy).
  uint8_t* Grow(size_t n);
};

class RingCore;
void RingCallJs(Napi::Env env, Napi::Function callback, RingCore* core, Batch* batch);
using RingTsfn = Napi::TypedThreadSafeFunction<RingCore, Batch, RingCallJs>;

// The state shared by the JS wrapper, the reader thread and the
// ThreadSafeFunction's finalizer (hence a shared_ptr; the TSFN's finalize
// data holds one reference until the TSFN is gone).
//
// With a writer (a capture file, writer.h), the reader thread encodes every
// record into the writer itself and JS gets no batches: no copy per record
// besides the encoding, no JS call per batch.
//
// Threads: the reader thread only touches the ring_buffer, the batch being
// filled, the atomics, the writer (thread-safe) and tsfn.NonBlockingCall. Everything else (Start,
// Close, the TSFN finalizer, RingCallJs) runs on the main thread.
//
// Wakeups: while records flow, the thread does not wait in poll() for the
// ring's wakeup (one per few records at high rates: a context switch each)
// but sleeps a little after each drain, so that one drain takes many records;
// the sleep is bounded so that a quarter of the ring at most fills meanwhile
// (at the rate of the last drain). An idle ring is waited for in poll().
//
// Back-pressure: at most max_inflight_ (+1) batches wait for JS. Beyond that
// the reader stops reading the ring until JS catches up; the ring fills and
// the BPF program counts the reservations that fail. Records are never
// dropped in user space (queue_dropped only counts environment teardown).
class RingCore {
 public:
  RingCore() = default;
  ~RingCore();
  RingCore(const RingCore&) = delete;
  RingCore& operator=(const RingCore&) = delete;

  // Creates the ring_buffer on `map_fd`, the TSFN and the thread. Returns 0 or
  // a negative errno (nothing is left running then); `what` names the failing step.
  // With a writer, every record goes into it (as interface `iface`) on the
  // reader thread, and nothing is delivered to `callback`.
  int Start(Napi::Env env, int map_fd, Napi::Function callback, size_t max_queued, std::string* what,
            std::shared_ptr<WriterCore> writer = nullptr, uint32_t iface = 0);
  // Stop after a final drain, join, release the TSFN, free the ring. Idempotent.
  // Main thread only; never blocks longer than one ring drain.
  void Close();
  bool closed() const { return closed_; }

  // Main thread: a batch left the queue (called by RingCallJs).
  void Delivered();

  std::atomic<uint64_t> read{0};           // records taken from the ring
  std::atomic<uint64_t> queue_dropped{0};  // records dropped because the TSFN was closing (teardown)
  std::atomic<uint64_t> inflight{0};       // batches queued to JS and not yet delivered
  std::atomic<uint64_t> batches{0};        // batches handed to the JS callback
  std::atomic<int> thread_error{0};        // errno that stopped the thread, 0 if none
  size_t ring_bytes = 0;                   // the ring's size (set before Start): bounds the coalescing wait
  bool transient = false;                  // set before Start: batches are lent to JS for the call only
  // Main thread: a transient batch's call is over; its memory is filled again.
  void Recycle(std::unique_ptr<Batch> b);

 private:
  friend void RingCallJs(Napi::Env, Napi::Function, RingCore*, Batch*);
  static int OnSample(void* ctx, void* data, size_t size);
  void Run();
  int Drain();  // one ring_buffer__consume (under the writer's lock, with a writer)
  void Flush();
  std::unique_ptr<Batch> NewBatch();
  void StopThread();
  static void OnTsfnFinalize(Napi::Env env, std::shared_ptr<RingCore>* self, RingCore* ctx);

  ring_buffer* rb_ = nullptr;
  int wake_fd_ = -1;
  std::thread thread_;
  std::atomic<bool> stop_{false};
  RingTsfn tsfn_;
  bool tsfn_live_ = false;  // created, and neither released nor finalized
  bool closed_ = false;
  std::unique_ptr<Batch> cur_;
  std::mutex pool_mu_;  // reader thread (NewBatch) and main thread (Recycle)
  std::vector<std::unique_ptr<Batch>> pool_;
  size_t max_inflight_ = 16;  // batches in flight before the reader stops reading the ring
  bool draining_ = false;     // reader thread: the final drain ignores max_inflight_
  bool paused_ = false;       // reader thread: OnSample stopped a consume because JS is behind
  uint64_t drained_bytes_ = 0;  // reader thread: ring bytes the current drain consumed
  std::shared_ptr<WriterCore> writer_;  // set before the thread starts, never changed
  uint32_t writer_iface_ = 0;

 public:
  std::weak_ptr<RingCore> weak_self;
};

// Ownership and threads: the JS face of a RingCore (shared with the reader
// thread and the TSFN). Main thread only. While open it holds a strong
// reference to itself and to its BpfObject (a ring being read is never
// garbage-collected; close() or the object's close() stops it). The TSFN is
// ref'd while open, so an open ring keeps the process alive like a socket;
// after close() nothing of it does. The BpfObject keeps a raw pointer to each
// open ring to close rings first; the ring unregisters itself when closed.
class RingReader : public Napi::ObjectWrap<RingReader> {
 public:
  struct Init {
    BpfObject* parent;
    Napi::Object parent_obj;
    std::shared_ptr<RingCore> core;
    Napi::Object writer_obj;  // the NativeWriter the ring writes into, if any
  };
  static Napi::Function Define(Napi::Env env);
  static Napi::Object Create(Napi::Env env, Init init);

  explicit RingReader(const Napi::CallbackInfo& info);
  ~RingReader() override;

  void CloseFromParent(bool finalizing);

 private:
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void CloseImpl(bool finalizing, bool unregister);

  std::shared_ptr<RingCore> core_;
  BpfObject* parent_ = nullptr;
  Napi::ObjectReference parent_ref_;
  Napi::ObjectReference writer_ref_;  // keeps the NativeWriter alive while this ring feeds it
  bool strong_ = false;
};

}  // namespace xsift
