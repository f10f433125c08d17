//===- Status.h - Error codes of the statevector runtime --------*- C++ -*-===//
//
// The C++ API reports bad input by throwing masq::rt::Error, which carries one
// of these codes; the compiled-code ABI (Compiled.h) catches it and records
// the code, and so does the test oracle's C interface (masq/Oracle/CAPI.h),
// so the layers share one validation path.
//
//===----------------------------------------------------------------------===//
#ifndef MASQ_RUNTIME_STATUS_H
#define MASQ_RUNTIME_STATUS_H

#include <stdexcept>
#include <string>

namespace masq {
namespace rt {

// Values match masq_rt_status in the oracle's CAPI.h.
enum class Status : int {
  Ok = 0,
  BadQubit = 1,       // qubit index out of range
  DuplicateQubit = 2, // the same qubit twice in one operand list
  NonUnitary = 3,     // U U^dagger != I to 1e-9
  NonFinite = 4,      // NaN or infinite angle / value
  OutOfMemory = 5,    // allocation failed or too many qubits
  ZeroNorm = 6,       // amplitude encoding of a zero vector
  BadArgument = 7,    // anything else (null pointer, bad size, bad kind, ...)
};

const char *statusName(Status s);

class Error : public std::runtime_error {
public:
  Error(Status s, const std::string &msg) : std::runtime_error(msg), status_(s) {}
  Status status() const { return status_; }

private:
  Status status_;
};

[[noreturn]] void fail(Status s, const std::string &msg);

} // namespace rt
} // namespace masq

#endif // MASQ_RUNTIME_STATUS_H
