//===- JitSymbols.cpp - the runtime functions compiled code calls ---------===//
#include "JitSymbols.h"

#include "masq/Runtime/Compiled.h"

namespace masq {

/// Every function compiled code may call, by name: the gates' entry points
/// from the gate table (masq_rtc_<name> and masq_rtc_<name>_back for each
/// row of MASQ_GATES), the other functions that take a state, each also
/// as its complex64 twin masq_rtc_f32_<name> (--precision single), and the
/// functions without a state.
#define MASQ_RTC_STATE_SYMBOLS(X)                                               \
  X(init) X(encode_amplitude) X(encode_amplitude_back) X(encode_angle)          \
  X(encode_angle_back) X(fidelity) X(seed_fidelity) X(expval_z)                 \
  X(seed_expval_z) X(prob_zero) X(seed_prob_zero) X(probabilities)              \
  X(seed_probabilities) X(init_pair) X(encode_amplitude_lane)                   \
  X(encode_amplitude_back_lane) X(encode_angle_lane) X(encode_angle_back_lane)  \
  X(fidelity_lane) X(seed_fidelity_lane) X(expval_z_lane) X(seed_expval_z_lane) \
  X(prob_zero_lane) X(seed_prob_zero_lane) X(probabilities_lane)                \
  X(seed_probabilities_lane) X(block) X(block_back) X(block_run) X(block_back_run) \
  X(init_run) X(seed_expval_z_run) X(expval_z_run) X(fidelity_state)            \
  X(seed_fidelity_state) X(fidelity_state_lane) X(seed_fidelity_state_lane)     \
  X(fidelity_ref_back) X(fidelity_ref_back_lane) X(encode_angle_ps)
#define MASQ_RTC_STATELESS_SYMBOLS(X)                                           \
  X(masq_rtc_zero) X(masq_rtc_mask) X(masq_rtc_mask_back) X(masq_rtc_ps_shift)  \
  X(masq_rtc_ps_reverse) X(masq_rtc_ps_seed) X(masq_rtc_ps_seed_vec)            \
  X(masq_rtc_ps_angle) X(masq_rtc_channel)

llvm::orc::SymbolMap runtimeSymbols(llvm::orc::MangleAndInterner interner) {
  llvm::orc::SymbolMap map;
#define MASQ_ADD(name)                                                          \
  map[interner(#name)] = {llvm::orc::ExecutorAddr::fromPtr(&name),              \
                          llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
#define MASQ_ADD_BOTH(name) MASQ_ADD(masq_rtc_##name) MASQ_ADD(masq_rtc_f32_##name)
#define MASQ_ADD_GATE(K, name, ...) MASQ_ADD_BOTH(name) MASQ_ADD_BOTH(name##_back)
  MASQ_GATES(MASQ_ADD_GATE)
  MASQ_RTC_STATE_SYMBOLS(MASQ_ADD_BOTH)
  MASQ_RTC_STATELESS_SYMBOLS(MASQ_ADD)
#undef MASQ_ADD_GATE
#undef MASQ_ADD_BOTH
#undef MASQ_ADD
  return map;
}

} // namespace masq
