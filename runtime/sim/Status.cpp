//===- Status.cpp ---------------------------------------------------------===//
#include "masq/Runtime/Status.h"

namespace masq {
namespace rt {

const char *statusName(Status s) {
  switch (s) {
  case Status::Ok: return "ok";
  case Status::BadQubit: return "bad qubit index";
  case Status::DuplicateQubit: return "duplicate qubit";
  case Status::NonUnitary: return "non-unitary matrix";
  case Status::NonFinite: return "NaN or infinite value";
  case Status::OutOfMemory: return "out of memory / too many qubits";
  case Status::ZeroNorm: return "zero-norm input";
  case Status::BadArgument: return "bad argument";
  }
  return "unknown status";
}

void fail(Status s, const std::string &msg) { throw Error(s, msg); }

} // namespace rt
} // namespace masq
