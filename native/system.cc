// Free functions about kernel objects that no NativeObject owns: interfaces,
// programs and links by id, XDP detach, pinned maps and links. Generic: they
// name, list, read and detach; they know nothing of filters.
#include "system.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/if_link.h>
#include <net/if_arp.h>
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "addon.h"
#include "errors.h"
#include "netns.h"
#include "percpu.h"

namespace xsift {

namespace {

std::string InNetns(const std::string& netns) { return netns.empty() ? "" : " in netns " + Quote(netns); }

// Closes an fd at scope exit.
struct Fd {
  int fd;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) close(fd);
  }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
};

Napi::Value InterfaceInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string ifname = StringArg(info, 0, "interfaceInfo: interface");
  std::string netns = OptString(OptionsArg(info, 1), "netns", "");
  std::string what = "interface " + Quote(ifname) + InNetns(netns);
  NetnsGuard ns;
  int err = ns.Enter(netns);
  if (err) throw ErrnoError(env, "interface info", what + " (enter netns)", err);
  if (ifname.size() >= IFNAMSIZ) throw ErrnoError(env, "interface info", what, ENODEV);
  Fd sock(socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0));
  if (sock.fd < 0) throw ErrnoError(env, "interface info", what + " (socket)", errno);
  ifreq r;
  memset(&r, 0, sizeof r);
  strncpy(r.ifr_name, ifname.c_str(), IFNAMSIZ - 1);
  if (ioctl(sock.fd, SIOCGIFFLAGS, &r) < 0) throw ErrnoError(env, "interface info", what, errno == ENXIO ? ENODEV : errno);
  unsigned flags = static_cast<unsigned short>(r.ifr_flags);
  if (ioctl(sock.fd, SIOCGIFMTU, &r) < 0) throw ErrnoError(env, "interface info", what + " (mtu)", errno);
  int mtu = r.ifr_mtu;
  // The Ethernet address, where there is one (what decides a frame's direction: to this host,
  // broadcast, multicast or another host).
  std::string mac;
  if (ioctl(sock.fd, SIOCGIFHWADDR, &r) == 0 && r.ifr_hwaddr.sa_family == ARPHRD_ETHER) {
    char text[18];
    const auto* a = reinterpret_cast<const unsigned char*>(r.ifr_hwaddr.sa_data);
    snprintf(text, sizeof text, "%02x:%02x:%02x:%02x:%02x:%02x", a[0], a[1], a[2], a[3], a[4], a[5]);
    mac = text;
  }
  unsigned ifindex = if_nametoindex(ifname.c_str());
  Napi::Object o = Napi::Object::New(env);
  o.Set("ifindex", Napi::Number::New(env, ifindex));
  o.Set("up", Napi::Boolean::New(env, (flags & IFF_UP) != 0));
  o.Set("running", Napi::Boolean::New(env, (flags & IFF_RUNNING) != 0));
  o.Set("mtu", Napi::Number::New(env, mtu));
  if (!mac.empty()) o.Set("mac", Napi::String::New(env, mac));
  return o;
}

Napi::Value ListInterfaces(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string netns = OptString(OptionsArg(info, 0), "netns", "");
  NetnsGuard ns;
  int err = ns.Enter(netns);
  if (err) throw ErrnoError(env, "list interfaces", "list interfaces" + InNetns(netns) + " (enter netns)", err);
  struct if_nameindex* list = if_nameindex();
  if (!list) throw ErrnoError(env, "list interfaces", "list interfaces" + InNetns(netns), errno);
  Napi::Array out = Napi::Array::New(env);
  uint32_t n = 0;
  for (struct if_nameindex* p = list; p->if_index != 0; p++) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("name", Napi::String::New(env, p->if_name));
    o.Set("ifindex", Napi::Number::New(env, p->if_index));
    out.Set(n++, o);
  }
  if_freenameindex(list);
  return out;
}

Napi::Value ProgInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsNumber()) throw ArgError(env, "progInfo: id must be a number");
  uint32_t id = info[0].As<Napi::Number>().Uint32Value();
  std::string what = "program id " + std::to_string(id);
  Fd fd(bpf_prog_get_fd_by_id(id));
  if (fd.fd < 0) throw ErrnoError(env, "program info", what, fd.fd);
  uint32_t map_ids[64];
  bpf_prog_info pi;
  memset(&pi, 0, sizeof pi);
  pi.nr_map_ids = 64;
  pi.map_ids = reinterpret_cast<uint64_t>(map_ids);
  uint32_t len = sizeof pi;
  int err = bpf_obj_get_info_by_fd(fd.fd, &pi, &len);
  if (err) throw ErrnoError(env, "program info", what, err);
  char tag[2 * BPF_TAG_SIZE + 1];
  for (int i = 0; i < BPF_TAG_SIZE; i++) snprintf(tag + 2 * i, 3, "%02x", pi.tag[i]);
  Napi::Object o = Napi::Object::New(env);
  o.Set("id", Napi::Number::New(env, pi.id));
  o.Set("name", Napi::String::New(env, pi.name));
  o.Set("type", Napi::Number::New(env, pi.type));
  o.Set("tag", Napi::String::New(env, tag));
  Napi::Array maps = Napi::Array::New(env);
  for (uint32_t i = 0; i < pi.nr_map_ids && i < 64; i++) maps.Set(i, Napi::Number::New(env, map_ids[i]));
  o.Set("mapIds", maps);
  return o;
}

Napi::Object LinkInfoObject(Napi::Env env, const bpf_link_info& li) {
  Napi::Object o = Napi::Object::New(env);
  o.Set("linkId", Napi::Number::New(env, li.id));
  o.Set("progId", Napi::Number::New(env, li.prog_id));
  o.Set("type", Napi::Number::New(env, li.type));
  o.Set("ifindex", Napi::Number::New(env, li.type == BPF_LINK_TYPE_XDP ? li.xdp.ifindex : 0));
  return o;
}

Napi::Value XdpLinks(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Array out = Napi::Array::New(env);
  uint32_t id = 0, n = 0;
  for (;;) {
    int err = bpf_link_get_next_id(id, &id);
    if (err == -ENOENT || (err && errno == ENOENT)) break;
    if (err) throw ErrnoError(env, "list links", "list bpf links after id " + std::to_string(id), err);
    Fd fd(bpf_link_get_fd_by_id(id));
    if (fd.fd < 0) continue;  // gone since listed
    bpf_link_info li;
    memset(&li, 0, sizeof li);
    uint32_t len = sizeof li;
    if (bpf_obj_get_info_by_fd(fd.fd, &li, &len)) continue;
    if (li.type != BPF_LINK_TYPE_XDP) continue;
    out.Set(n++, LinkInfoObject(env, li));
  }
  return out;
}

Napi::Value XdpDetach(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string ifname = StringArg(info, 0, "xdpDetach: interface");
  Napi::Object opts = OptionsArg(info, 1);
  std::string netns = OptString(opts, "netns", "");
  std::string mode = OptString(opts, "mode", "skb");
  uint32_t prog_id = static_cast<uint32_t>(OptInt(opts, "progId", 0, 0, UINT32_MAX));
  std::string what = "detach xdp program id " + std::to_string(prog_id) + " from " + Quote(ifname) + InNetns(netns);
  Fd old(prog_id ? bpf_prog_get_fd_by_id(prog_id) : -1);
  if (prog_id && old.fd < 0) throw ErrnoError(env, "detach xdp", what, old.fd);
  NetnsGuard ns;
  int err = ns.Enter(netns);
  if (err) throw ErrnoError(env, "detach xdp", what + " (enter netns)", err);
  unsigned ifindex = if_nametoindex(ifname.c_str());
  if (ifindex == 0) throw ErrnoError(env, "detach xdp", what, errno == ENXIO ? ENODEV : errno);
  bpf_xdp_attach_opts o;
  memset(&o, 0, sizeof o);
  o.sz = sizeof o;
  uint32_t flags = mode == "native" ? XDP_FLAGS_DRV_MODE : mode == "hw" ? XDP_FLAGS_HW_MODE : XDP_FLAGS_SKB_MODE;
  if (prog_id) {
    // Detach only the program we saw: fails with EEXIST if another took its place.
    flags |= XDP_FLAGS_REPLACE;
    o.old_prog_fd = old.fd;
  }
  err = bpf_xdp_detach(static_cast<int>(ifindex), flags, &o);
  if (err) throw ErrnoError(env, "detach xdp", what, err);
  return env.Undefined();
}

Napi::Value PinnedPercpuU64(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = StringArg(info, 0, "pinnedPercpuU64: path");
  std::string what = "read pinned map " + Quote(path);
  Fd fd(bpf_obj_get(path.c_str()));
  if (fd.fd < 0) throw ErrnoError(env, "read pinned map", what, fd.fd);
  bpf_map_info mi;
  memset(&mi, 0, sizeof mi);
  uint32_t len = sizeof mi;
  int err = bpf_obj_get_info_by_fd(fd.fd, &mi, &len);
  if (err) throw ErrnoError(env, "read pinned map", what, err);
  return SumPercpuU64Words(env, fd.fd, mi.type, mi.key_size, mi.value_size, mi.max_entries, "read pinned map", what);
}

Napi::Value PinnedLinkInfo(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = StringArg(info, 0, "pinnedLinkInfo: path");
  std::string what = "pinned link " + Quote(path);
  Fd fd(bpf_obj_get(path.c_str()));
  if (fd.fd < 0) throw ErrnoError(env, "pinned link info", what, fd.fd);
  bpf_link_info li;
  memset(&li, 0, sizeof li);
  uint32_t len = sizeof li;
  int err = bpf_obj_get_info_by_fd(fd.fd, &li, &len);
  if (err) throw ErrnoError(env, "pinned link info", what, err);
  return LinkInfoObject(env, li);
}

Napi::Value DetachPinnedLink(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = StringArg(info, 0, "detachPinnedLink: path");
  std::string what = "detach pinned link " + Quote(path);
  Fd fd(bpf_obj_get(path.c_str()));
  if (fd.fd < 0) throw ErrnoError(env, "detach link", what, fd.fd);
  // Detach now, even if another process still holds the link open.
  int err = bpf_link_detach(fd.fd);
  if (err) throw ErrnoError(env, "detach link", what, err);
  return env.Undefined();
}

Napi::Value UpdatePinnedLink(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string path = StringArg(info, 0, "updatePinnedLink: path");
  if (info.Length() < 2 || !info[1].IsNumber()) throw ArgError(env, "updatePinnedLink: progId must be a number");
  uint32_t prog_id = info[1].As<Napi::Number>().Uint32Value();
  std::string what = "replace the program of pinned link " + Quote(path) + " with program id " + std::to_string(prog_id);
  Fd link(bpf_obj_get(path.c_str()));
  if (link.fd < 0) throw ErrnoError(env, "update link", what, link.fd);
  Fd prog(bpf_prog_get_fd_by_id(prog_id));
  if (prog.fd < 0) throw ErrnoError(env, "update link", what, prog.fd);
  int err = bpf_link_update(link.fd, prog.fd, nullptr);
  if (err) throw ErrnoError(env, "update link", what, err);
  return env.Undefined();
}

}  // namespace

void DefineSystemFunctions(Napi::Env env, Napi::Object exports) {
  exports.Set("interfaceInfo", Napi::Function::New(env, InterfaceInfo, "interfaceInfo"));
  exports.Set("listInterfaces", Napi::Function::New(env, ListInterfaces, "listInterfaces"));
  exports.Set("progInfo", Napi::Function::New(env, ProgInfo, "progInfo"));
  exports.Set("xdpLinks", Napi::Function::New(env, XdpLinks, "xdpLinks"));
  exports.Set("xdpDetach", Napi::Function::New(env, XdpDetach, "xdpDetach"));
  exports.Set("pinnedPercpuU64", Napi::Function::New(env, PinnedPercpuU64, "pinnedPercpuU64"));
  exports.Set("pinnedLinkInfo", Napi::Function::New(env, PinnedLinkInfo, "pinnedLinkInfo"));
  exports.Set("detachPinnedLink", Napi::Function::New(env, DetachPinnedLink, "detachPinnedLink"));
  exports.Set("updatePinnedLink", Napi::Function::New(env, UpdatePinnedLink, "updatePinnedLink"));
}

}  // namespace xsift
