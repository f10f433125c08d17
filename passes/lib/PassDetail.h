//===- PassDetail.h - conventions shared by the masq passes -----*- C++ -*-===//
#ifndef MASQ_PASSES_PASSDETAIL_H
#define MASQ_PASSES_PASSDETAIL_H

namespace masq {
namespace detail {
/// The per-sample forward function and its arguments (all !llvm.ptr).
constexpr const char *kSampleFn = "masq_sample";
constexpr unsigned kArgPsi = 0, kArgTheta = 1, kArgInputs = 2, kArgValues = 3,
                   kArgScratch = 4;
/// The per-sample gradient function: the same arguments, then lam, gtheta
/// and gscratch.
constexpr const char *kSampleGradFn = "masq_sample_grad";
constexpr unsigned kArgLam = 5, kArgGTheta = 6, kArgGScratch = 7;
} // namespace detail
} // namespace masq

#endif // MASQ_PASSES_PASSDETAIL_H
