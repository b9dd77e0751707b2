// percpu.h: reading per-CPU array maps of u64 counters, summed over CPUs.
#pragma once

#include <napi.h>

#include <cstdint>
#include <string>

namespace xsift {

// Sum a per-CPU array whose values are one or more u64 words over every possible CPU. The result
// has max_entries * words elements: element key * words + w is word w of key, summed. `op` and
// `what` name the operation and the map for errors. Throws a JS error for a map of another shape.
Napi::Array SumPercpuU64Words(Napi::Env env, int fd, uint32_t type, uint32_t keySize, uint32_t valueSize,
                              uint32_t maxEntries, const std::string& op, const std::string& what);

}  // namespace xsift
