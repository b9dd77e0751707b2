#include "link.h"

#include <bpf/bpf.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "addon.h"
#include "errors.h"
#include "object.h"

namespace xsift {

Napi::Function XdpLink::Define(Napi::Env env) {
  return DefineClass(env, "NativeLink",
                     {
                         InstanceMethod<&XdpLink::Info>("info"),
                         InstanceMethod<&XdpLink::Pin>("pin"),
                         InstanceMethod<&XdpLink::Close>("close"),
                     });
}

Napi::Object XdpLink::Create(Napi::Env env, LinkInit init) {
  return Data(env).link_ctor.New({Napi::External<LinkInit>::New(env, &init)});
}

XdpLink::XdpLink(const Napi::CallbackInfo& info) : Napi::ObjectWrap<XdpLink>(info) {
  if (info.Length() != 1 || !info[0].IsExternal()) {
    throw Napi::TypeError::New(info.Env(), "NativeLink is created by NativeObject.attachXdp()");
  }
  LinkInit* init = info[0].As<Napi::External<LinkInit>>().Data();
  fd_ = init->fd;
  ifname_ = init->ifname;
  mode_ = init->mode;
  parent_ = init->parent;
  parent_ref_ = Napi::Persistent(init->parent_obj);
  parent_->AddLink(this);
  Ref();
  strong_ = true;
}

XdpLink::~XdpLink() { CloseImpl(true, true); }

std::string XdpLink::What() const { return "xdp link on " + Quote(ifname_); }

void XdpLink::CloseFromParent(bool finalizing) { CloseImpl(finalizing, false); }

void XdpLink::CloseImpl(bool finalizing, bool unregister) {
  if (fd_ >= 0) {
    close(fd_);  // the last reference to an unpinned link: the kernel detaches now
    fd_ = -1;
  }
  if (parent_ && unregister) parent_->ForgetLink(this);
  parent_ = nullptr;
  if (!finalizing) {
    parent_ref_.Reset();
    if (strong_) {
      strong_ = false;
      Unref();
    }
  }
}

Napi::Value XdpLink::Info(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (fd_ < 0) throw ClosedError(env, "link info", "info of " + What());
  bpf_link_info li;
  memset(&li, 0, sizeof li);
  uint32_t len = sizeof li;
  int err = bpf_obj_get_info_by_fd(fd_, &li, &len);
  if (err) throw ErrnoError(env, "link info", "info of " + What(), err);
  Napi::Object o = Napi::Object::New(env);
  o.Set("linkId", Napi::Number::New(env, li.id));
  o.Set("progId", Napi::Number::New(env, li.prog_id));
  // 0 once the device is gone (the link outlives it, detached).
  o.Set("ifindex", Napi::Number::New(env, li.xdp.ifindex));
  o.Set("mode", Napi::String::New(env, mode_));
  return o;
}

Napi::Value XdpLink::Pin(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = StringArg(info, 0, "pin: path");
  std::string what = "pin " + What() + " at " + Quote(path);
  if (fd_ < 0) throw ClosedError(env, "pin link", what);
  int err = bpf_obj_pin(fd_, path.c_str());
  if (err) throw ErrnoError(env, "pin link", what, err);
  return env.Undefined();
}

Napi::Value XdpLink::Close(const Napi::CallbackInfo& info) {
  CloseImpl(false, true);
  return info.Env().Undefined();
}

}  // namespace xsift
