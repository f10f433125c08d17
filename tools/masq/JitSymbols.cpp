//===- JitSymbols.cpp - the runtime functions compiled code calls ---------===//
#include "JitSymbols.h"

#include "masq/Runtime/Compiled.h"

namespace masq {

/// Every function compiled code may call, by name: the gates' entry points
/// from the gate table (masq_rtc_<name> and masq_rtc_<name>_back for each
/// row of MASQ_GATES), and the rest.
#define MASQ_RTC_SYMBOLS(X)                                                     \
  X(masq_rtc_init) X(masq_rtc_zero)                                             \
  X(masq_rtc_encode_amplitude) X(masq_rtc_encode_amplitude_back)                \
  X(masq_rtc_encode_angle) X(masq_rtc_encode_angle_back) X(masq_rtc_mask)       \
  X(masq_rtc_mask_back) X(masq_rtc_fidelity) X(masq_rtc_seed_fidelity)          \
  X(masq_rtc_expval_z) X(masq_rtc_seed_expval_z) X(masq_rtc_prob_zero)          \
  X(masq_rtc_seed_prob_zero) X(masq_rtc_probabilities)                          \
  X(masq_rtc_seed_probabilities) X(masq_rtc_init_pair)                         \
  X(masq_rtc_encode_amplitude_lane) X(masq_rtc_encode_amplitude_back_lane)      \
  X(masq_rtc_encode_angle_lane) X(masq_rtc_encode_angle_back_lane)              \
  X(masq_rtc_fidelity_lane) X(masq_rtc_seed_fidelity_lane)                      \
  X(masq_rtc_expval_z_lane) X(masq_rtc_seed_expval_z_lane)                      \
  X(masq_rtc_prob_zero_lane) X(masq_rtc_seed_prob_zero_lane)                    \
  X(masq_rtc_probabilities_lane) X(masq_rtc_seed_probabilities_lane)            \
  X(masq_rtc_block) X(masq_rtc_block_back) X(masq_rtc_fidelity_state)          \
  X(masq_rtc_seed_fidelity_state) X(masq_rtc_fidelity_state_lane)               \
  X(masq_rtc_seed_fidelity_state_lane) X(masq_rtc_fidelity_ref_back)   \
  X(masq_rtc_fidelity_ref_back_lane) X(masq_rtc_ps_shift) X(masq_rtc_ps_reverse)   \
  X(masq_rtc_ps_seed) X(masq_rtc_ps_seed_vec) X(masq_rtc_ps_angle)                  \
  X(masq_rtc_encode_angle_ps) X(masq_rtc_channel)

/// Their complex64 twins (--precision single; Compiled.h).
#define MASQ_RTC_F32_SYMBOLS(X)                                                 \
  X(masq_rtc_f32_init) X(masq_rtc_f32_init_pair) X(masq_rtc_f32_block)          \
  X(masq_rtc_f32_block_back) X(masq_rtc_f32_encode_amplitude)                   \
  X(masq_rtc_f32_encode_amplitude_back) X(masq_rtc_f32_encode_amplitude_lane)   \
  X(masq_rtc_f32_encode_amplitude_back_lane) X(masq_rtc_f32_encode_angle)       \
  X(masq_rtc_f32_encode_angle_back) X(masq_rtc_f32_encode_angle_lane)           \
  X(masq_rtc_f32_encode_angle_back_lane) X(masq_rtc_f32_encode_angle_ps)        \
  X(masq_rtc_f32_fidelity) X(masq_rtc_f32_seed_fidelity)                        \
  X(masq_rtc_f32_fidelity_lane) X(masq_rtc_f32_seed_fidelity_lane)              \
  X(masq_rtc_f32_fidelity_ref_back) X(masq_rtc_f32_fidelity_ref_back_lane)      \
  X(masq_rtc_f32_fidelity_state) X(masq_rtc_f32_seed_fidelity_state)            \
  X(masq_rtc_f32_fidelity_state_lane) X(masq_rtc_f32_seed_fidelity_state_lane)  \
  X(masq_rtc_f32_expval_z) X(masq_rtc_f32_seed_expval_z)                        \
  X(masq_rtc_f32_expval_z_lane) X(masq_rtc_f32_seed_expval_z_lane)              \
  X(masq_rtc_f32_prob_zero) X(masq_rtc_f32_seed_prob_zero)                      \
  X(masq_rtc_f32_prob_zero_lane) X(masq_rtc_f32_seed_prob_zero_lane)            \
  X(masq_rtc_f32_probabilities) X(masq_rtc_f32_seed_probabilities)              \
  X(masq_rtc_f32_probabilities_lane) X(masq_rtc_f32_seed_probabilities_lane)

llvm::orc::SymbolMap runtimeSymbols(llvm::orc::MangleAndInterner interner) {
  llvm::orc::SymbolMap map;
#define MASQ_ADD(name)                                                          \
  map[interner(#name)] = {llvm::orc::ExecutorAddr::fromPtr(&name),              \
                          llvm::JITSymbolFlags::Exported | llvm::JITSymbolFlags::Callable};
#define MASQ_ADD_GATE(K, name, ...)                                             \
  MASQ_ADD(masq_rtc_##name) MASQ_ADD(masq_rtc_##name##_back)                    \
  MASQ_ADD(masq_rtc_f32_##name) MASQ_ADD(masq_rtc_f32_##name##_back)
  MASQ_GATES(MASQ_ADD_GATE)
  MASQ_RTC_SYMBOLS(MASQ_ADD)
  MASQ_RTC_F32_SYMBOLS(MASQ_ADD)
#undef MASQ_ADD_GATE
#undef MASQ_ADD
  return map;
}

} // namespace masq
