//===- Observables.h - Measurements on (purified) states --------*- C++ -*-===//
//
// Raw-array forms used by StateVector, Batch, the compiled-code ABI and the
// test oracle's tape interpreter. psi holds 2^nTotal amplitudes of which the
// low nSys bits are the register and the rest are reset ancillas, which
// every observable traces out.
//
// The add*Cotangent functions add w * O psi to lambda: the seed of the adjoint
// vector for a loss term w * <psi|O|psi>.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_OBSERVABLES_H
#define MASQ_RUNTIME_OBSERVABLES_H

#include "masq/Runtime/Kernels.h"

#include <cstdint>
#include <vector>

namespace masq {
namespace rt {

/// Bit mask of the qubits.
uint64_t qubitMask(const int *qubits, int k);

/// The amplitude-encoded reference: x / |x| zero-padded to 2^nSys into out.
/// Throws Error(ZeroNorm / NonFinite / BadArgument).
void normalisedReference(const double *x, size_t len, int nSys, double *out);

/// <ref|rho|ref> = sum over ancilla slices b of |<ref|psi_b>|^2.
double fidelity(const cplx *psi, int nSys, int nTotal, const double *ref);
/// <prod_{q in mask} Z_q> (A = cplx or cplxf, summed in double).
template <class A> double expvalZ(const A *psi, int nTotal, uint64_t mask);
/// Probability that all qubits of mask read 0.
template <class A> double probZero(const A *psi, int nTotal, uint64_t mask);
/// Marginal probabilities of the qubits, 2^k entries.
void probabilities(const cplx *psi, int nTotal, const int *qubits, int k, double *out);
/// `shots` outcomes of the qubits, drawn by inverse-CDF from
/// std::mt19937_64(seed) (u = (gen() >> 11) * 2^-53, one per shot in order).
void sample(const cplx *psi, int nTotal, const int *qubits, int k, uint64_t shots,
            uint64_t seed, uint64_t *out);

void addFidelityCotangent(const cplx *psi, cplx *lam, int nSys, int nTotal,
                          const double *ref, double w);
template <class A>
void addZCotangent(const A *psi, A *lam, int nTotal, uint64_t mask, double w);
/// For a real psi, v = psi + i w Z psi (psi with the seed addZCotangent
/// adds to a zero lam, packed as one array: the real parts psi's, the
/// imaginary parts lam's); false, v unspecified, when psi has an imaginary
/// part that is not 0.
template <class A> bool packZSeed(const A *psi, A *v, int nTotal, uint64_t mask, double w);
/// The same two for a real state held as its real parts r (T = double or
/// float; the packed buffer of a run of blocks, CompiledBlock.cpp):
/// expvalZReal also writes the state out as complex numbers to psi when it
/// is not null (in the same sweep); packZSeedReal's v is packZSeed's.
template <class T> double expvalZReal(const T *r, int nTotal, uint64_t mask, T *psi);
template <class T> void packZSeedReal(const T *r, T *v, int nTotal, uint64_t mask, double w);
template <class A>
void addProbZeroCotangent(const A *psi, A *lam, int nTotal, uint64_t mask, double w);
void addProbabilitiesCotangent(const cplx *psi, cplx *lam, int nTotal,
                               const int *qubits, int k, const double *w);

} // namespace rt
} // namespace masq

#endif // MASQ_RUNTIME_OBSERVABLES_H
