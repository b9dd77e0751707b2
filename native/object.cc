#include "object.h"

#include "percpu.h"

#include <bpf/bpf.h>
#include <bpf/btf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <net/if.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <regex>

#include "addon.h"
#include "errors.h"
#include "link.h"
#include "netns.h"
#include "ring.h"
#include "writer.h"

namespace xsift {

namespace {

// Verifier log buffer per program. malloc'd, so only the pages the kernel
// writes are ever touched. libbpf does not grow a caller's buffer, and the
// kernel (rotating log, 6.4+) keeps the tail when it overflows.
constexpr size_t kLogOnFailure = 16u << 20;  // level 0: libbpf retries a failed load at level 1
constexpr size_t kLogVerbose = 64u << 20;    // levels 1/2 on success too
constexpr size_t kLogStats = 1u << 20;       // level 4 alone: a few lines

// BPF_PROG_TEST_RUN refuses XDP data shorter than an Ethernet header.
constexpr size_t kEthHlen = 14;

struct FreeDeleter {
  void operator()(char* p) const { free(p); }
};

}  // namespace

Napi::Function BpfObject::Define(Napi::Env env) {
  return DefineClass(env, "NativeObject",
                     {
                         InstanceMethod<&BpfObject::ProgramNames>("programNames"),
                         InstanceMethod<&BpfObject::MapNames>("mapNames"),
                         InstanceMethod<&BpfObject::SetGlobal>("setGlobal"),
                         InstanceMethod<&BpfObject::SetMapMaxEntries>("setMapMaxEntries"),
                         InstanceMethod<&BpfObject::SetXdpFrags>("setXdpFrags"),
                         InstanceMethod<&BpfObject::Load>("load"),
                         InstanceMethod<&BpfObject::VerifierLog>("verifierLog"),
                         InstanceMethod<&BpfObject::ProgramInfo>("programInfo"),
                         InstanceMethod<&BpfObject::AttachXdp>("attachXdp"),
                         InstanceMethod<&BpfObject::SumPercpuU64>("sumPercpuU64"),
                         InstanceMethod<&BpfObject::TestRun>("testRun"),
                         InstanceMethod<&BpfObject::OpenRing>("openRing"),
                         InstanceMethod<&BpfObject::PinMap>("pinMap"),
                         InstanceMethod<&BpfObject::Close>("close"),
                     });
}

BpfObject::BpfObject(const Napi::CallbackInfo& info) : Napi::ObjectWrap<BpfObject>(info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !(info[0].IsString() || info[0].IsBuffer())) {
    throw ArgError(env, "openObject: expected a file path or a Buffer of ELF bytes");
  }
  std::string name;
  if (info.Length() > 1 && !info[1].IsUndefined() && !info[1].IsNull()) {
    if (!info[1].IsString()) throw ArgError(env, "openObject: name must be a string");
    name = info[1].As<Napi::String>().Utf8Value();
  }
  bpf_object_open_opts opts;
  memset(&opts, 0, sizeof opts);
  opts.sz = sizeof opts;
  if (!name.empty()) opts.object_name = name.c_str();

  uint64_t mark = LibbpfLogMark();
  std::string what;
  if (info[0].IsString()) {
    std::string path = info[0].As<Napi::String>().Utf8Value();
    what = "open bpf object " + Quote(path);
    obj_ = bpf_object__open_file(path.c_str(), &opts);
  } else {
    Napi::Buffer<uint8_t> buf = info[0].As<Napi::Buffer<uint8_t>>();
    elf_.assign(buf.Data(), buf.Data() + buf.Length());
    what = "open bpf object " + Quote(name.empty() ? "<memory>" : name) + " from " +
           std::to_string(elf_.size()) + " bytes";
    obj_ = bpf_object__open_mem(elf_.data(), elf_.size(), &opts);
  }
  if (!obj_) {
    int err = errno;
    Napi::Error e = ErrnoError(env, "open", what, err);
    e.Value().Set("libbpfLog", Napi::String::New(env, LibbpfLogSince(mark)));
    throw e;
  }
  name_ = bpf_object__name(obj_);
}

BpfObject::~BpfObject() { CloseAll(true); }

std::string BpfObject::Name() const { return Quote(name_); }

void BpfObject::CloseAll(bool finalizing) {
  // Rings first (their threads read maps of this object), then links, then the object.
  std::vector<RingReader*> rings;
  rings.swap(rings_);
  for (RingReader* r : rings) r->CloseFromParent(finalizing);
  std::vector<XdpLink*> links;
  links.swap(links_);
  for (XdpLink* l : links) l->CloseFromParent(finalizing);
  if (obj_) {
    bpf_object__close(obj_);
    obj_ = nullptr;
  }
  elf_.clear();
  elf_.shrink_to_fit();
}

void BpfObject::ForgetLink(XdpLink* link) {
  links_.erase(std::remove(links_.begin(), links_.end(), link), links_.end());
}

void BpfObject::ForgetRing(RingReader* ring) {
  rings_.erase(std::remove(rings_.begin(), rings_.end(), ring), rings_.end());
}

void BpfObject::RequireOpen(Napi::Env env, const std::string& syscall, const std::string& what) const {
  if (!obj_) throw ClosedError(env, syscall, what);
}

void BpfObject::RequireLoaded(Napi::Env env, const std::string& syscall, const std::string& what,
                              bool loaded) const {
  RequireOpen(env, syscall, what);
  if (loaded && !load_ok_) {
    Napi::Error e = ErrnoError(env, syscall, what + " (the object is not loaded)", EINVAL);
    throw e;
  }
  if (!loaded && loaded_) {
    throw ErrnoError(env, syscall, what + " (the object is already loaded)", EBUSY);
  }
}

bpf_program* BpfObject::FindProgram(Napi::Env env, const std::string& name, const std::string& syscall) const {
  bpf_program* p = bpf_object__find_program_by_name(obj_, name.c_str());
  if (!p) throw ErrnoError(env, syscall, "find program " + Quote(name) + " in " + Name(), ENOENT);
  return p;
}

std::string BpfObject::MapDisplayName(const bpf_map* map) const {
  std::string name = bpf_map__name(map);
  if (!bpf_map__is_internal(map)) return name;
  // libbpf names internal maps "<object prefix><section>"; the section (the
  // name users know, ".rodata") is the BTF datasec the name ends with.
  const btf* b = bpf_object__btf(obj_);
  std::string best;
  if (b) {
    uint32_t n = btf__type_cnt(b);
    for (uint32_t id = 1; id < n; id++) {
      const btf_type* t = btf__type_by_id(b, id);
      if (!btf_is_datasec(t)) continue;
      const char* sec = btf__name_by_offset(b, t->name_off);
      if (!sec) continue;
      std::string s(sec);
      if (s.size() > best.size() && name.size() >= s.size() &&
          name.compare(name.size() - s.size(), s.size(), s) == 0) {
        best = s;
      }
    }
  }
  return best.empty() ? name : best;
}

bpf_map* BpfObject::FindMap(Napi::Env env, const std::string& name, const std::string& syscall) const {
  bpf_map* m = bpf_object__find_map_by_name(obj_, name.c_str());
  if (m) return m;
  bpf_map* pos;
  bpf_object__for_each_map(pos, obj_) {
    if (MapDisplayName(pos) == name) return pos;
  }
  throw ErrnoError(env, syscall, "find map " + Quote(name) + " in " + Name(), ENOENT);
}

Napi::Value BpfObject::ProgramNames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "program names", "list programs of " + Name());
  Napi::Array out = Napi::Array::New(env);
  bpf_program* p;
  uint32_t i = 0;
  bpf_object__for_each_program(p, obj_) out.Set(i++, Napi::String::New(env, bpf_program__name(p)));
  return out;
}

Napi::Value BpfObject::MapNames(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  RequireOpen(env, "map names", "list maps of " + Name());
  Napi::Array out = Napi::Array::New(env);
  bpf_map* m;
  uint32_t i = 0;
  bpf_object__for_each_map(m, obj_) out.Set(i++, Napi::String::New(env, MapDisplayName(m)));
  return out;
}

Napi::Value BpfObject::SetGlobal(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string section = StringArg(info, 0, "setGlobal: section");
  std::string var = StringArg(info, 1, "setGlobal: variable");
  if (info.Length() < 3 || !info[2].IsBuffer()) throw ArgError(env, "setGlobal: value must be a Buffer");
  Napi::Buffer<uint8_t> value = info[2].As<Napi::Buffer<uint8_t>>();
  std::string what = "set global " + Quote(var) + " in " + Quote(section) + " of " + Name();
  RequireLoaded(env, "set global", what, false);

  const btf* b = bpf_object__btf(obj_);
  if (!b) throw ErrnoError(env, "set global", what + " (the object has no BTF; compile with -g)", ENOENT);
  int sec_id = btf__find_by_name_kind(b, section.c_str(), BTF_KIND_DATASEC);
  if (sec_id < 0) throw ErrnoError(env, "set global", what + " (no such section)", ENOENT);
  const btf_type* sec = btf__type_by_id(b, sec_id);
  const btf_var_secinfo* vs = btf_var_secinfos(sec);
  for (uint16_t i = 0; i < btf_vlen(sec); i++, vs++) {
    const btf_type* vt = btf__type_by_id(b, vs->type);
    const char* vname = btf__name_by_offset(b, vt->name_off);
    if (!vname || var != vname) continue;
    if (value.Length() != vs->size) {
      throw ErrnoError(env, "set global",
                       what + " (the value has " + std::to_string(value.Length()) +
                           " bytes, the variable " + std::to_string(vs->size) + ")",
                       EINVAL);
    }
    bpf_map* map = bpf_object__find_map_by_name(obj_, section.c_str());
    if (!map) throw ErrnoError(env, "set global", what + " (no map for the section)", ENOENT);
    size_t size = 0;
    // Before load this is libbpf's own copy of the section (what skeletons write through).
    void* data = const_cast<void*>(bpf_map__initial_value(map, &size));
    if (!data || size_t{vs->offset} + vs->size > size) {
      throw ErrnoError(env, "set global", what + " (the section's data is out of reach)", EINVAL);
    }
    memcpy(static_cast<uint8_t*>(data) + vs->offset, value.Data(), vs->size);
    return env.Undefined();
  }
  throw ErrnoError(env, "set global", what + " (no such variable)", ENOENT);
}

Napi::Value BpfObject::SetMapMaxEntries(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "setMapMaxEntries: map");
  if (info.Length() < 2 || !info[1].IsNumber()) throw ArgError(env, "setMapMaxEntries: entries must be a number");
  double entries = info[1].As<Napi::Number>().DoubleValue();
  if (!(entries >= 1 && entries <= 4294967295.0) || entries != static_cast<double>(static_cast<uint64_t>(entries))) {
    throw ArgError(env, "setMapMaxEntries: entries must be an integer in [1, 2^32)");
  }
  std::string what = "set max entries of map " + Quote(name) + " in " + Name();
  RequireLoaded(env, "set max entries", what, false);
  bpf_map* m = FindMap(env, name, "set max entries");
  int err = bpf_map__set_max_entries(m, static_cast<uint32_t>(entries));
  if (err) throw ErrnoError(env, "set max entries", what, err);
  return env.Undefined();
}

Napi::Value BpfObject::SetXdpFrags(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "setXdpFrags: program");
  if (info.Length() < 2 || !info[1].IsBoolean()) throw ArgError(env, "setXdpFrags: on must be a boolean");
  bool on = info[1].As<Napi::Boolean>().Value();
  std::string what = "set xdp frags on program " + Quote(name) + " in " + Name();
  RequireLoaded(env, "set xdp frags", what, false);
  bpf_program* p = FindProgram(env, name, "set xdp frags");
  uint32_t flags = bpf_program__flags(p);
  flags = on ? (flags | BPF_F_XDP_HAS_FRAGS) : (flags & ~uint32_t{BPF_F_XDP_HAS_FRAGS});
  int err = bpf_program__set_flags(p, flags);
  if (err) throw ErrnoError(env, "set xdp frags", what, err);
  return env.Undefined();
}

Napi::Value BpfObject::Load(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object opts = OptionsArg(info, 0);
  int level = static_cast<int>(OptInt(opts, "logLevel", 0, 0, 7));
  std::string what = "load " + Name();
  RequireLoaded(env, "load", what, false);

  size_t size = level == 0 ? kLogOnFailure : ((level & 3) ? kLogVerbose : kLogStats);
  std::vector<std::pair<bpf_program*, std::unique_ptr<char, FreeDeleter>>> bufs;
  bpf_program* p;
  bpf_object__for_each_program(p, obj_) {
    std::unique_ptr<char, FreeDeleter> buf(static_cast<char*>(malloc(size)));
    if (!buf) throw ErrnoError(env, "load", what + " (verifier log buffer)", ENOMEM);
    buf.get()[0] = '\0';
    int err = bpf_program__set_log_buf(p, buf.get(), size);
    if (!err) err = bpf_program__set_log_level(p, static_cast<uint32_t>(level));
    if (err) throw ErrnoError(env, "load", what + " (set log buffer)", err);
    bufs.emplace_back(p, std::move(buf));
  }

  uint64_t mark = LibbpfLogMark();
  int err = bpf_object__load(obj_);
  loaded_ = true;  // libbpf refuses a second attempt, successful or not

  logs_.clear();
  for (auto& [prog, buf] : bufs) {
    logs_.emplace_back(bpf_program__name(prog), std::string(buf.get(), strnlen(buf.get(), size)));
  }
  // The buffers go away now; libbpf never reads them after load.
  bufs.clear();

  if (err) {
    Napi::Error e = ErrnoError(env, "load", what, err);
    Napi::Object o = e.Value();
    o.Set("verifierLog", VerifierLog(info));
    o.Set("libbpfLog", Napi::String::New(env, LibbpfLogSince(mark)));
    throw e;
  }
  load_ok_ = true;
  return env.Undefined();
}

Napi::Value BpfObject::VerifierLog(const Napi::CallbackInfo& info) {
  size_t nonempty = 0;
  for (auto& [prog, log] : logs_) nonempty += !log.empty();
  std::string out;
  for (auto& [prog, log] : logs_) {
    if (log.empty()) continue;
    if (nonempty > 1) out += "-- program " + prog + " --\n";
    out += log;
    if (out.back() != '\n') out += '\n';
  }
  return Napi::String::New(info.Env(), out);
}

Napi::Value BpfObject::ProgramInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "programInfo: program");
  std::string what = "program info of " + Quote(name) + " in " + Name();
  RequireLoaded(env, "program info", what, true);
  bpf_program* p = FindProgram(env, name, "program info");
  bpf_prog_info pi;
  memset(&pi, 0, sizeof pi);
  uint32_t len = sizeof pi;
  int err = bpf_obj_get_info_by_fd(bpf_program__fd(p), &pi, &len);
  if (err) throw ErrnoError(env, "program info", what, err);

  uint64_t verified = pi.verified_insns;
  if (verified == 0) {
    // Kernels before 5.16 lack verified_insns; a level-4 log has "processed N insns".
    for (auto& [prog, log] : logs_) {
      if (prog != name) continue;
      static const std::regex re("processed ([0-9]+) insns");
      std::smatch m;
      if (std::regex_search(log, m, re)) verified = std::stoull(m[1].str());
    }
  }
  Napi::Object o = Napi::Object::New(env);
  o.Set("id", Napi::Number::New(env, pi.id));
  o.Set("xlatedInsns", Napi::Number::New(env, pi.xlated_prog_len / 8));
  o.Set("jitedBytes", Napi::Number::New(env, pi.jited_prog_len));
  o.Set("verifiedInsns", Napi::Number::New(env, static_cast<double>(verified)));
  return o;
}

Napi::Value BpfObject::AttachXdp(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string prog_name = StringArg(info, 0, "attachXdp: program");
  std::string ifname = StringArg(info, 1, "attachXdp: interface");
  Napi::Object opts = OptionsArg(info, 2);
  std::string mode = OptString(opts, "mode", "auto");
  std::string netns = OptString(opts, "netns", "");
  if (mode != "auto" && mode != "native" && mode != "skb") {
    throw ArgError(env, "attachXdp: mode must be \"native\", \"skb\" or \"auto\"");
  }
  std::string what = "attach xdp to " + Quote(ifname);
  if (!netns.empty()) what += " in netns " + Quote(netns);
  RequireLoaded(env, "attach xdp", what, true);
  bpf_program* p = FindProgram(env, prog_name, "attach xdp");
  int prog_fd = bpf_program__fd(p);

  int link_fd = -1;
  std::string used;
  {
    NetnsGuard ns;  // switches back when this block ends, error or not
    int err = ns.Enter(netns);
    if (err) throw ErrnoError(env, "attach xdp", what + " (enter netns)", err);
    unsigned ifindex = if_nametoindex(ifname.c_str());
    if (ifindex == 0) throw ErrnoError(env, "attach xdp", what, errno == ENXIO ? ENODEV : errno);

    auto create = [&](uint32_t flags) {
      bpf_link_create_opts lo;
      memset(&lo, 0, sizeof lo);
      lo.sz = sizeof lo;
      lo.flags = flags;
      return bpf_link_create(prog_fd, static_cast<int>(ifindex), BPF_XDP, &lo);
    };
    if (mode == "skb") {
      link_fd = create(XDP_FLAGS_SKB_MODE);
      used = "skb";
    } else {
      link_fd = create(XDP_FLAGS_DRV_MODE);
      used = "native";
      if (link_fd == -EOPNOTSUPP && mode == "auto") {
        // The driver has no native XDP: generic (skb) mode works on every device.
        link_fd = create(XDP_FLAGS_SKB_MODE);
        used = "skb";
      }
    }
    if (link_fd < 0) throw ErrnoError(env, "attach xdp", what + (mode == "auto" ? "" : " (" + used + " mode)"), link_fd);
  }
  try {
    return XdpLink::Create(env, LinkInit{this, Value(), link_fd, ifname, used});
  } catch (...) {
    close(link_fd);
    throw;
  }
}

Napi::Value BpfObject::SumPercpuU64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "sumPercpuU64: map");
  std::string what = "sum per-cpu map " + Quote(name) + " of " + Name();
  RequireLoaded(env, "sum per-cpu map", what, true);
  bpf_map* m = FindMap(env, name, "sum per-cpu map");
  return SumPercpuU64Words(env, bpf_map__fd(m), bpf_map__type(m), bpf_map__key_size(m), bpf_map__value_size(m),
                           bpf_map__max_entries(m), "sum per-cpu map", what);
}

Napi::Value BpfObject::TestRun(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "testRun: program");
  if (info.Length() < 2 || !info[1].IsBuffer()) throw ArgError(env, "testRun: data must be a Buffer");
  Napi::Buffer<uint8_t> data = info[1].As<Napi::Buffer<uint8_t>>();
  Napi::Object opts = OptionsArg(info, 2);
  int repeat = static_cast<int>(OptInt(opts, "repeat", 1, 1, INT32_MAX));
  uint32_t ifindex = static_cast<uint32_t>(OptInt(opts, "ifindex", 0, 0, UINT32_MAX));
  std::string what = "test run " + Quote(name) + " of " + Name() + " on " + std::to_string(data.Length()) + " bytes";
  if (data.Length() < kEthHlen) what += " (XDP needs at least " + std::to_string(kEthHlen) + ")";
  if (ifindex) what += " with ifindex " + std::to_string(ifindex);
  RequireLoaded(env, "test run", what, true);
  bpf_program* p = FindProgram(env, name, "test run");

  bpf_test_run_opts o;
  memset(&o, 0, sizeof o);
  o.sz = sizeof o;
  o.data_in = data.Data();
  o.data_size_in = static_cast<uint32_t>(data.Length());
  o.repeat = repeat;
  xdp_md ctx;
  memset(&ctx, 0, sizeof ctx);
  if (ifindex) {
    // The kernel resolves ingress_ifindex in this thread's namespace and
    // requires it to exist; without ctx it runs as on no device.
    ctx.data = 0;
    ctx.data_end = static_cast<uint32_t>(data.Length());
    ctx.ingress_ifindex = ifindex;
    o.ctx_in = &ctx;
    o.ctx_size_in = sizeof ctx;
  }
  int err = bpf_prog_test_run_opts(bpf_program__fd(p), &o);
  if (err) throw ErrnoError(env, "test run", what, err);
  Napi::Object out = Napi::Object::New(env);
  out.Set("retval", Napi::Number::New(env, o.retval));
  out.Set("durationNs", Napi::Number::New(env, o.duration));
  return out;
}

Napi::Value BpfObject::OpenRing(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "openRing: map");
  if (info.Length() < 2 || !info[1].IsFunction()) throw ArgError(env, "openRing: onBatch must be a function");
  Napi::Function cb = info[1].As<Napi::Function>();
  Napi::Object opts = OptionsArg(info, 2);
  size_t max_queued = static_cast<size_t>(OptInt(opts, "maxQueuedBatches", 16, 1, 1 << 20));
  std::string what = "open ring " + Quote(name) + " of " + Name();
  RequireLoaded(env, "open ring", what, true);
  bpf_map* m = FindMap(env, name, "open ring");
  if (bpf_map__type(m) != BPF_MAP_TYPE_RINGBUF) throw ErrnoError(env, "open ring", what + " (not a ring buffer map)", EINVAL);

  // A capture file to write every record into, on the reader thread (writer.h).
  Napi::Value wv = opts.Get("writer");
  Napi::Object writer_obj;
  std::shared_ptr<WriterCore> writer;
  uint32_t iface = 0;
  if (!wv.IsUndefined() && !wv.IsNull()) {
    if (!wv.IsObject() || !wv.As<Napi::Object>().InstanceOf(Data(env).writer_ctor.Value())) {
      throw ArgError(env, "openRing: writer must be a NativeWriter (openWriter())");
    }
    writer_obj = wv.As<Napi::Object>();
    writer = FileWriter::Unwrap(writer_obj)->core();
    if (writer->closed()) throw ClosedError(env, "open ring", what + " (its writer)");
    iface = static_cast<uint32_t>(OptInt(opts, "interfaceId", 0, 0, static_cast<int64_t>(writer->config().snaplens.size()) - 1));
  }
  auto core = std::make_shared<RingCore>();
  core->weak_self = core;
  core->ring_bytes = bpf_map__max_entries(m);
  core->transient = opts.Get("transient").ToBoolean();
  std::string step;
  int err = core->Start(env, bpf_map__fd(m), cb, max_queued, &step, writer, iface);
  if (err) throw ErrnoError(env, "open ring", what + " (" + step + ")", err);
  try {
    return RingReader::Create(env, RingReader::Init{this, Value(), core, writer_obj});
  } catch (...) {
    core->Close();
    throw;
  }
}

Napi::Value BpfObject::PinMap(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string name = StringArg(info, 0, "pinMap: map");
  std::string path = StringArg(info, 1, "pinMap: path");
  std::string what = "pin map " + Quote(name) + " of " + Name() + " at " + Quote(path);
  RequireLoaded(env, "pin map", what, true);
  bpf_map* m = FindMap(env, name, "pin map");
  int err = bpf_obj_pin(bpf_map__fd(m), path.c_str());
  if (err) throw ErrnoError(env, "pin map", what, err);
  return env.Undefined();
}

Napi::Value BpfObject::Close(const Napi::CallbackInfo& info) {
  CloseAll(false);
  return info.Env().Undefined();
}

}  // namespace xsift
