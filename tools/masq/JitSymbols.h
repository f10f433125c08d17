//===- JitSymbols.h - the runtime functions compiled code calls -*- C++ -*-===//
//
// The JIT resolves compiled code's calls (masq_rtc_*, runtime/include/masq/
// Runtime/Compiled.h) to the runtime linked into this process, by name. A
// new runtime entry point is added to the list in JitSymbols.cpp.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_TOOLS_JITSYMBOLS_H
#define MASQ_TOOLS_JITSYMBOLS_H

#include "llvm/ExecutionEngine/Orc/Core.h"
#include "llvm/ExecutionEngine/Orc/Mangling.h"

namespace masq {

/// Every masq_rtc_* function, interned for the JIT's process symbols.
llvm::orc::SymbolMap runtimeSymbols(llvm::orc::MangleAndInterner interner);

} // namespace masq

#endif // MASQ_TOOLS_JITSYMBOLS_H
