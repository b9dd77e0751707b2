// NativeObject: one libbpf bpf_object, from open to close.
#pragma once

#include <napi.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

struct bpf_object;
struct bpf_program;
struct bpf_map;

namespace xsift {

class XdpLink;
class RingReader;

// Ownership and threads: owns the bpf_object (and with it every program and
// map fd) and, when opened from memory, a private copy of the ELF bytes
// (libbpf reads them in place until load). Main thread only. Keeps raw
// pointers to its open links and rings, which hold a strong reference to this
// object while open; close() (or the finalizer) closes rings, then links,
// then the object. The finalizer makes no N-API calls.
class BpfObject : public Napi::ObjectWrap<BpfObject> {
 public:
  static Napi::Function Define(Napi::Env env);

  // new NativeObject(pathOrBuffer, name?) — openObject() calls this.
  explicit BpfObject(const Napi::CallbackInfo& info);
  ~BpfObject() override;

  // Open links and rings register themselves, and unregister when closed.
  void AddLink(XdpLink* link) { links_.push_back(link); }
  void AddRing(RingReader* ring) { rings_.push_back(ring); }
  void ForgetLink(XdpLink* link);
  void ForgetRing(RingReader* ring);

 private:
  Napi::Value ProgramNames(const Napi::CallbackInfo& info);
  Napi::Value MapNames(const Napi::CallbackInfo& info);
  Napi::Value SetGlobal(const Napi::CallbackInfo& info);
  Napi::Value SetMapMaxEntries(const Napi::CallbackInfo& info);
  Napi::Value SetXdpFrags(const Napi::CallbackInfo& info);
  Napi::Value Load(const Napi::CallbackInfo& info);
  Napi::Value VerifierLog(const Napi::CallbackInfo& info);
  Napi::Value ProgramInfo(const Napi::CallbackInfo& info);
  Napi::Value AttachXdp(const Napi::CallbackInfo& info);
  Napi::Value SumPercpuU64(const Napi::CallbackInfo& info);
  Napi::Value TestRun(const Napi::CallbackInfo& info);
  Napi::Value OpenRing(const Napi::CallbackInfo& info);
  Napi::Value PinMap(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);

  void CloseAll(bool finalizing);
  // Lookups that throw a NativeError naming the object.
  void RequireOpen(Napi::Env env, const std::string& syscall, const std::string& what) const;
  void RequireLoaded(Napi::Env env, const std::string& syscall, const std::string& what, bool loaded) const;
  bpf_program* FindProgram(Napi::Env env, const std::string& name, const std::string& syscall) const;
  bpf_map* FindMap(Napi::Env env, const std::string& name, const std::string& syscall) const;
  std::string MapDisplayName(const bpf_map* map) const;
  std::string Name() const;

  bpf_object* obj_ = nullptr;
  std::vector<uint8_t> elf_;  // ELF bytes for open_mem, kept until close
  std::string name_;
  bool loaded_ = false;       // load() was attempted (libbpf allows one attempt)
  bool load_ok_ = false;
  std::vector<std::pair<std::string, std::string>> logs_;  // program → verifier log of the load
  std::vector<XdpLink*> links_;
  std::vector<RingReader*> rings_;
};

}  // namespace xsift
