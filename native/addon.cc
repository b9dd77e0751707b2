// Module entry: openObject, xdpQuery, ifNameToIndex, libbpfVersion, openWriter, and the
// option readers shared by the classes. See runtime/native.ts for the contract.
#include "addon.h"

#include <bpf/libbpf.h>
#include <bpf/libbpf_version.h>
#include <net/if.h>

#include <cerrno>
#include <cmath>
#include <cstring>

#include "errors.h"
#include "link.h"
#include "netns.h"
#include "object.h"
#include "ring.h"
#include "system.h"
#include "writer.h"

namespace xsift {

Napi::Object OptionsArg(const Napi::CallbackInfo& info, size_t index) {
  if (info.Length() <= index || info[index].IsUndefined() || info[index].IsNull()) {
    return Napi::Object::New(info.Env());
  }
  if (!info[index].IsObject()) throw ArgError(info.Env(), "options must be an object");
  return info[index].As<Napi::Object>();
}

std::string OptString(Napi::Object opts, const char* key, const std::string& dflt) {
  Napi::Value v = opts.Get(key);
  if (v.IsUndefined() || v.IsNull()) return dflt;
  if (!v.IsString()) throw ArgError(opts.Env(), std::string("option ") + key + " must be a string");
  return v.As<Napi::String>().Utf8Value();
}

int64_t OptInt(Napi::Object opts, const char* key, int64_t dflt, int64_t min, int64_t max) {
  Napi::Value v = opts.Get(key);
  if (v.IsUndefined() || v.IsNull()) return dflt;
  double d = v.IsNumber() ? v.As<Napi::Number>().DoubleValue() : NAN;
  if (!(d >= static_cast<double>(min) && d <= static_cast<double>(max)) || d != std::floor(d)) {
    throw ArgError(opts.Env(), std::string("option ") + key + " must be an integer in [" + std::to_string(min) +
                                   ", " + std::to_string(max) + "]");
  }
  return static_cast<int64_t>(d);
}

std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* what) {
  if (info.Length() <= index || !info[index].IsString()) {
    throw ArgError(info.Env(), std::string(what) + " must be a string");
  }
  return info[index].As<Napi::String>().Utf8Value();
}

namespace {

Napi::Value OpenObject(const Napi::CallbackInfo& info) {
  std::vector<napi_value> args;
  for (size_t i = 0; i < info.Length(); i++) args.push_back(info[i]);
  return Data(info.Env()).object_ctor.New(args);
}

// Resolve `ifname`, inside `netns` when given; throws naming `what`.
unsigned ResolveIfindex(Napi::Env env, const std::string& syscall, const std::string& what,
                        const std::string& ifname, const std::string& netns, NetnsGuard& ns) {
  int err = ns.Enter(netns);
  if (err) throw ErrnoError(env, syscall, what + " (enter netns)", err);
  unsigned ifindex = if_nametoindex(ifname.c_str());
  if (ifindex == 0) throw ErrnoError(env, syscall, what, errno == ENXIO ? ENODEV : errno);
  return ifindex;
}

std::string InNetns(const std::string& netns) { return netns.empty() ? "" : " in netns " + Quote(netns); }

Napi::Value XdpQuery(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string ifname = StringArg(info, 0, "xdpQuery: interface");
  std::string netns = OptString(OptionsArg(info, 1), "netns", "");
  std::string what = "query xdp on " + Quote(ifname) + InNetns(netns);
  bpf_xdp_query_opts q;
  memset(&q, 0, sizeof q);
  q.sz = sizeof q;
  {
    NetnsGuard ns;
    unsigned ifindex = ResolveIfindex(env, "query xdp", what, ifname, netns, ns);
    int err = bpf_xdp_query(static_cast<int>(ifindex), 0, &q);
    if (err) throw ErrnoError(env, "query xdp", what, err);
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("progId", Napi::Number::New(env, q.prog_id));
  o.Set("skbProgId", Napi::Number::New(env, q.skb_prog_id));
  o.Set("drvProgId", Napi::Number::New(env, q.drv_prog_id));
  o.Set("hwProgId", Napi::Number::New(env, q.hw_prog_id));
  o.Set("attachMode", Napi::Number::New(env, q.attach_mode));
  return o;
}

Napi::Value IfNameToIndex(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string ifname = StringArg(info, 0, "ifNameToIndex: interface");
  std::string netns = OptString(OptionsArg(info, 1), "netns", "");
  NetnsGuard ns;
  unsigned ifindex = ResolveIfindex(env, "if_nametoindex", "resolve interface " + Quote(ifname) + InNetns(netns),
                                    ifname, netns, ns);
  return Napi::Number::New(env, ifindex);
}

Napi::Value LibbpfVersion(const Napi::CallbackInfo& info) {
  return Napi::String::New(info.Env(),
                           std::to_string(libbpf_major_version()) + "." + std::to_string(libbpf_minor_version()));
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  InstallLibbpfPrint();
  auto* data = new AddonData();
  data->object_ctor = Napi::Persistent(BpfObject::Define(env));
  data->link_ctor = Napi::Persistent(XdpLink::Define(env));
  data->ring_ctor = Napi::Persistent(RingReader::Define(env));
  data->writer_ctor = Napi::Persistent(FileWriter::Define(env));
  env.SetInstanceData(data);
  exports.Set("openObject", Napi::Function::New(env, OpenObject, "openObject"));
  exports.Set("xdpQuery", Napi::Function::New(env, XdpQuery, "xdpQuery"));
  exports.Set("ifNameToIndex", Napi::Function::New(env, IfNameToIndex, "ifNameToIndex"));
  exports.Set("libbpfVersion", Napi::Function::New(env, LibbpfVersion, "libbpfVersion"));
  exports.Set("openWriter", Napi::Function::New(env, FileWriter::Open, "openWriter"));
  DefineSystemFunctions(env, exports);
  return exports;
}

}  // namespace

}  // namespace xsift

static Napi::Object InitModule(Napi::Env env, Napi::Object exports) { return xsift::Init(env, exports); }

NODE_API_MODULE(xsift_native, InitModule)
