// Per-environment data of the addon: the constructors of the wrapped classes.
#pragma once

#include <napi.h>

namespace xsift {

struct AddonData {
  Napi::FunctionReference object_ctor;
  Napi::FunctionReference link_ctor;
  Napi::FunctionReference ring_ctor;
  Napi::FunctionReference writer_ctor;
};

inline AddonData& Data(Napi::Env env) { return *env.GetInstanceData<AddonData>(); }

// Small option readers for `opts` objects: undefined/null/missing give the default.
Napi::Object OptionsArg(const Napi::CallbackInfo& info, size_t index);
std::string OptString(Napi::Object opts, const char* key, const std::string& dflt);
int64_t OptInt(Napi::Object opts, const char* key, int64_t dflt, int64_t min, int64_t max);
std::string StringArg(const Napi::CallbackInfo& info, size_t index, const char* what);

}  // namespace xsift
