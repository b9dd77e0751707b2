// NativeWriter: capture-file records (classic pcap or pcapng Enhanced Packet
// Blocks) encoded from ring records and written to a file descriptor in large
// writes, by whichever ring reader threads feed it.
#pragma once

#include <napi.h>

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace xsift {

class WriterCore;
void WriterCallJs(Napi::Env env, Napi::Function callback, WriterCore* core, int* event);
using WriterTsfn = Napi::TypedThreadSafeFunction<WriterCore, int, WriterCallJs>;

// What a writer produces. Every field is fixed at creation.
struct WriterConfig {
  int fd = -1;
  bool pcapng = false;   // Enhanced Packet Blocks; else classic pcap records
  bool nano = false;     // nanosecond timestamps (pcap magic 0xa1b23c4d, if_tsresol 9)
  std::vector<uint32_t> snaplens;  // per interface id (pcap too: rings sharing a file); records are cut to it
  int64_t offset_ns = 0;           // wall-clock ns = record ts_ns (CLOCK_MONOTONIC) + offset_ns
  uint64_t limit = 0;              // frames to write, then discard the rest; 0 = no limit
  bool cut_back = false;           // on a failed write, ftruncate a regular file to the last whole record
  bool direct = false;             // write a regular file that starts empty with O_DIRECT (see WriterCore)
  size_t flush_bytes = 1 << 20;    // a write() once the buffer holds this much
  uint64_t max_age_ms = 1000;      // and at the latest this long after the oldest buffered record
  std::string name;                // the file, for messages
};

// The writer shared by the ring threads that feed it, the JS wrapper and the
// event TSFN (hence a shared_ptr).
//
// Threads: Append / AfterDrain run on ring reader threads (several rings may
// share one writer: one mutex keeps every write whole records, in the order
// they were appended); WriteBlock, Flush, Close and the TSFN run on the main
// thread. Counters are atomics, read without the lock.
//
// Whole records: a write that fails part-way (a full disk) is cut back
// (ftruncate, when cut_back and the fd is a regular file) to the end of the
// last record it wrote whole, and the file offset is moved back there. From
// the first failure on, records are discarded (counted) and the error is
// reported once through the event callback; `frames` counts exactly the
// records the file holds whole.
//
// Direct I/O (config.direct, a regular file that starts empty and whose file
// system takes O_DIRECT): the page cache is bypassed, which saves the copy
// into it and, in a VM, faulting in fresh guest pages for it (the dominant
// cost of writing a large capture). Such writes must be whole 4 KiB blocks at
// 4 KiB offsets, so a write takes the buffer's aligned prefix and keeps the
// rest for the next one; when the data must become visible (the ring went
// idle, the oldest record is 1 s old, the -c limit, a block from JS, close)
// the unaligned tail is also written through the page cache, and rewritten
// by the next direct write. Otherwise (pipes, tmpfs without O_DIRECT, after
// a failure) the buffer is written whole with write().
class WriterCore {
 public:
  enum Event { kLimit = 1, kError = 2 };

  explicit WriterCore(WriterConfig config);
  ~WriterCore();
  WriterCore(const WriterCore&) = delete;
  WriterCore& operator=(const WriterCore&) = delete;

  // Main thread: the event TSFN (unref'd: an open writer does not keep the process alive).
  void StartEvents(Napi::Env env, Napi::Function on_event);

  // One ring record (struct xsift_record + cap_len bytes) from interface `iface`.
  void Append(const uint8_t* rec, size_t size, uint32_t iface);
  // A ring reader finished a drain (`idle`: it found nothing): write what is
  // buffered if the ring went idle or the oldest buffered record is old enough.
  void AfterDrain(bool idle);
  // The same two with the lock already held: a ring reader takes it once for
  // a whole drain (Hold) instead of once per record.
  std::unique_lock<std::mutex> Hold() { return std::unique_lock<std::mutex>(mu_); }
  void AppendLocked(const uint8_t* rec, size_t size, uint32_t iface);
  void AfterDrainLocked(bool idle);
  // Write what is buffered, then `size` bytes as one whole block (file headers
  // and trailers encoded by JS). Returns 0 or the errno of the failed write.
  int WriteBlock(const uint8_t* data, size_t size);
  // Write what is buffered now. Returns 0 or the errno of the failed write.
  int Flush();
  // Flush, then discard whatever is appended later; release the TSFN. Idempotent.
  // Returns 0 or the errno of the final write. The fd stays open (the caller's).
  int Close();
  bool closed();

  const WriterConfig& config() const { return config_; }
  bool direct() {
    std::lock_guard<std::mutex> lock(mu_);
    return direct_;
  }
  uint64_t frames_for(uint32_t iface) const {
    return iface < config_.snaplens.size() ? per_iface_[iface].load(std::memory_order_relaxed) : 0;
  }

  std::atomic<uint64_t> frames{0};     // records the file holds (written whole)
  std::atomic<uint64_t> bytes{0};      // bytes written whole, blocks from JS included
  std::atomic<uint64_t> discarded{0};  // records not written: past the limit, after an error or close
  std::atomic<uint64_t> writes{0};     // write() calls that wrote something
  std::atomic<int> error{0};           // errno of the first failure, 0 if none
  std::atomic<bool> limit_reached{false};
  std::string error_what();            // what failed ("write", or a malformed record's description)

  std::weak_ptr<WriterCore> weak_self;

 private:
  static void OnTsfnFinalize(Napi::Env env, std::shared_ptr<WriterCore>* self, WriterCore* ctx);
  // All below: mu_ held.
  // Write what is buffered: all of it (visible), or in direct mode only the
  // aligned prefix when that is enough (a full buffer).
  int FlushLocked(bool visible = true);
  int FlushBuffered();
  int FlushDirect(bool visible);
  // Count the records (and blocks) that end at or before `extent` as written whole.
  void CountWhole(uint64_t extent);
  // After a failed write: discard what was buffered, cut the file back to its last whole record.
  void FailWrite(int err, uint64_t extent);
  void SetDirect(bool on);
  bool Reserve(size_t need);
  int WriteAll(const uint8_t* data, size_t size, size_t* written);
  int PwriteAll(const uint8_t* data, size_t size, uint64_t at, size_t* written);
  void Fail(int err, const std::string& what);
  void Emit(Event e);
  uint64_t NowMs() const;

  struct FreeBuf {
    void operator()(uint8_t* p) const { free(p); }
  };
  static constexpr uint32_t kBlock = 0xffffffffu;  // Mark::iface of a block from JS

  WriterConfig config_;
  std::mutex mu_;
  std::unique_ptr<uint8_t, FreeBuf> buf_;  // 4 KiB-aligned (O_DIRECT)
  size_t cap_ = 0;
  size_t used_ = 0;
  uint64_t base_ = 0;        // file offset of buf_[0]
  uint64_t visible_ = 0;     // file offset up to which the buffer's bytes are in the file (base_ <= visible_)
  bool direct_ = false;      // O_DIRECT is on
  struct Mark {
    uint64_t end;    // file offset just after the record (or block)
    uint32_t iface;  // its interface id, kBlock for a block from JS
  };
  std::vector<Mark> marks_;  // one per record (or block) not yet counted as written
  uint64_t oldest_ms_ = 0;   // when the oldest record not yet in the file was appended
  uint64_t accepted_ = 0;    // records taken into the buffer (for the limit)
  uint64_t whole_end_ = 0;   // file offset just after the last whole record or block written
  std::unique_ptr<std::atomic<uint64_t>[]> per_iface_;
  std::string error_what_;
  bool closed_ = false;
  WriterTsfn tsfn_;
  bool tsfn_live_ = false;
};

// Ownership and threads: the JS face of a WriterCore. Main thread only. It
// does not own the fd (the caller opens and closes it, after close()); rings
// that write into it hold the core, so it outlives this object while they run.
class FileWriter : public Napi::ObjectWrap<FileWriter> {
 public:
  static Napi::Function Define(Napi::Env env);
  // openWriter(fd, opts, onEvent): the module function.
  static Napi::Value Open(const Napi::CallbackInfo& info);

  explicit FileWriter(const Napi::CallbackInfo& info);
  ~FileWriter() override;

  std::shared_ptr<WriterCore> core() const { return core_; }

 private:
  Napi::Value Append(const Napi::CallbackInfo& info);
  Napi::Value WriteBlock(const Napi::CallbackInfo& info);
  Napi::Value Flush(const Napi::CallbackInfo& info);
  Napi::Value Stats(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  Napi::Error WriteError(Napi::Env env, int err);

  std::shared_ptr<WriterCore> core_;
};

}  // namespace xsift
