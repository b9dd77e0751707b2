#include "percpu.h"

#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <linux/bpf.h>

#include <cerrno>
#include <vector>

#include "errors.h"

namespace xsift {

Napi::Array SumPercpuU64Words(Napi::Env env, int fd, uint32_t type, uint32_t keySize, uint32_t valueSize,
                              uint32_t maxEntries, const std::string& op, const std::string& what) {
  if (type != BPF_MAP_TYPE_PERCPU_ARRAY || keySize != 4 || valueSize == 0 || valueSize % 8 != 0) {
    throw ErrnoError(env, op, what + " (not a per-CPU array of u64)", EINVAL);
  }
  int ncpu = libbpf_num_possible_cpus();
  if (ncpu <= 0) throw ErrnoError(env, op, what + " (possible CPUs)", ncpu);
  const uint32_t words = valueSize / 8;
  // The kernel copies one value per possible CPU, each rounded up to 8 bytes (already a multiple).
  std::vector<uint64_t> values(static_cast<size_t>(ncpu) * words);
  Napi::Array out = Napi::Array::New(env, static_cast<size_t>(maxEntries) * words);
  for (uint32_t key = 0; key < maxEntries; key++) {
    int err = bpf_map_lookup_elem(fd, &key, values.data());
    if (err) throw ErrnoError(env, op, what + " (key " + std::to_string(key) + ")", err);
    for (uint32_t w = 0; w < words; w++) {
      uint64_t sum = 0;
      for (int cpu = 0; cpu < ncpu; cpu++) sum += values[static_cast<size_t>(cpu) * words + w];
      out.Set(key * words + w, Napi::BigInt::New(env, sum));
    }
  }
  return out;
}

}  // namespace xsift
