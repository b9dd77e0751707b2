// NativeLink: one XDP attachment owned through a bpf_link.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace xsift {

class BpfObject;

// What attachXdp hands to the constructor (through a Napi::External).
struct LinkInit {
  BpfObject* parent;
  Napi::Object parent_obj;
  int fd;
  std::string ifname;
  std::string mode;  // "native" or "skb": the mode actually used
};

// Ownership and threads: owns the bpf_link fd; closing it (or the process
// dying) detaches the program unless the link was pinned. Main thread only.
// While open, the wrapper holds a strong reference to itself and to its
// BpfObject, so neither is garbage-collected under a live attachment: only
// close(), the object's close() or process exit detach. The BpfObject keeps a
// raw pointer to each open link (to close links before the object) and the
// link unregisters itself when closed; both sides may run from finalizers at
// environment teardown, where no N-API calls are made.
class XdpLink : public Napi::ObjectWrap<XdpLink> {
 public:
  static Napi::Function Define(Napi::Env env);
  static Napi::Object Create(Napi::Env env, LinkInit init);

  explicit XdpLink(const Napi::CallbackInfo& info);
  ~XdpLink() override;

  // Called by the BpfObject closing: detach without unregistering.
  void CloseFromParent(bool finalizing);

 private:
  Napi::Value Info(const Napi::CallbackInfo& info);
  Napi::Value Pin(const Napi::CallbackInfo& info);
  Napi::Value Close(const Napi::CallbackInfo& info);
  void CloseImpl(bool finalizing, bool unregister);
  std::string What() const;

  int fd_ = -1;
  std::string ifname_;
  std::string mode_;
  BpfObject* parent_ = nullptr;
  Napi::ObjectReference parent_ref_;
  bool strong_ = false;
};

}  // namespace xsift
