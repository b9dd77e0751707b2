// Module functions about kernel objects no NativeObject owns (interfaces,
// programs and links by id, pinned maps and links). See runtime/native.ts.
#pragma once

#include <napi.h>

namespace xsift {

void DefineSystemFunctions(Napi::Env env, Napi::Object exports);

}  // namespace xsift
