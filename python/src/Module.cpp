//===- Module.cpp - masq._native: the compiler and runtime for Python -----===//
//
// The thin native layer of the Python package (python/masq/__init__.py is
// the API users see): compile a model through the same driver as the masq
// command (tools/masq/Driver.cpp, so the same passes, cache and errors), and
// call its forward and vector-Jacobian-product entry points on flat float64
// buffers with the GIL released. Shapes and names are checked in Python;
// this layer checks sizes again, so a wrong call raises instead of reading
// out of bounds.
//
//===----------------------------------------------------------------------===//
#include "Driver.h"
#include "Jit.h"

#include "masq/Core/ModelInfo.h"
#include "masq/Core/Params.h"
#include "masq/Model/Dist.h"
#include "masq/Model/Model.h"

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <random>

namespace py = pybind11;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

/// A compiled model and its description.
struct Model {
  std::unique_ptr<masq::NativeModel> native;
  bool distributed = false; // the state split over the processes of mpirun
  const masq::ModelInfo &info() const { return native->model.info; }
  /// The run's device options; a distributed state takes exact runs only.
  masq::ShotOptions device(long long shots, uint64_t seed, long long trajectories) const {
    if (distributed && (shots > 0 || trajectories > 0))
      throw py::value_error(std::string(shots > 0 ? "shots" : "trajectories") +
                            ": a state distributed over processes is evaluated exactly; "
                            "compile without distributed=True");
    masq::ShotOptions o{shots, seed, 0, trajectories};
    o.distributed = distributed;
    return o;
  }
};

py::dict slotDict(const masq::Slot &s) {
  py::dict d;
  d["name"] = s.name;
  d["shape"] = py::tuple(py::cast(s.shape));
  d["offset"] = s.offset;
  d["size"] = s.size;
  d["observable"] = s.observable;
  return d;
}

py::dict infoDict(const masq::ModelInfo &info) {
  py::dict d;
  d["name"] = info.name;
  d["num_qubits"] = info.numQubits;
  d["precision"] = info.stateDoubles == 1 ? "single" : "double";
  d["num_params"] = info.numParams;
  d["input_size"] = info.inputSize;
  d["num_values"] = info.numValues;
  d["has_loss"] = info.hasLoss;
  py::list inputs, params, outputs, masks;
  for (const auto &s : info.inputs)
    inputs.append(slotDict(s));
  for (const auto &s : info.params)
    params.append(slotDict(s));
  for (const auto &s : info.outputs)
    outputs.append(slotDict(s));
  for (const auto &m : info.masks) {
    py::dict md = slotDict(m);
    md["input"] = m.input;
    md["kind"] = m.kind;
    md["ratio"] = m.ratio;
    masks.append(md);
  }
  d["inputs"] = inputs;
  d["params"] = params;
  d["outputs"] = outputs;
  d["masks"] = masks;
  return d;
}

[[noreturn]] void fail(const std::string &msg) { throw std::runtime_error(msg); }

/// Checks that `a` holds exactly `n` doubles.
const double *data(const Array &a, int64_t n, const char *what) {
  if (int64_t(a.size()) != n)
    throw py::value_error(std::string(what) + ": expected " + std::to_string(n) +
                          " values, got " + std::to_string(a.size()));
  return a.data();
}

int64_t batchOf(const Model &m, const Array &inputs) {
  const int64_t stride = m.info().inputSize;
  if (stride == 0)
    return inputs.ndim() > 0 ? int64_t(inputs.shape(0)) : 1;
  if (inputs.size() % stride != 0 || inputs.size() == 0)
    throw py::value_error("inputs: expected a multiple of " + std::to_string(stride) +
                          " values, got " + std::to_string(inputs.size()));
  return int64_t(inputs.size()) / stride;
}

} // namespace

PYBIND11_MODULE(_native, mod) {
  mod.doc() = "masq's compiler and runtime (use the masq package, not this module)";

  py::class_<Model>(mod, "Model")
      .def_property_readonly("info", [](const Model &m) { return infoDict(m.info()); })
      .def_property_readonly("has_vjp", [](const Model &m) { return m.native->model.vjp != nullptr; })
      .def_property_readonly("from_cache", [](const Model &m) { return m.native->fromCache; })
      .def("init_params",
           [](const Model &m, uint64_t seed) {
             std::vector<double> theta = masq::initialParams(m.info(), seed);
             Array out(py::ssize_t(theta.size()));
             std::copy(theta.begin(), theta.end(), out.mutable_data());
             return out;
           })
      .def("draw_masks",
           [](const Model &m, Array inputs, uint64_t seed) {
             // Fresh mask patterns for every sample, in place.
             const int64_t batch = batchOf(m, inputs);
             std::mt19937_64 rng(seed);
             double *p = inputs.mutable_data();
             for (int64_t s = 0; s < batch; ++s)
               masq::drawMasks(m.info(), rng, p + s * m.info().inputSize);
             return inputs;
           })
      .def("forward",
           [](const Model &m, const Array &theta, const Array &inputs, int threads,
              long long shots, uint64_t shotSeed, long long trajectories) {
             const masq::ModelInfo &info = m.info();
             const double *t = data(theta, info.numParams, "theta");
             const int64_t batch = batchOf(m, inputs);
             Array values({py::ssize_t(batch), py::ssize_t(info.numValues)});
             const masq::ShotOptions so = m.device(shots, shotSeed, trajectories);
             std::string error;
             bool ok;
             {
               py::gil_scoped_release release;
               ok = masq::forwardBatch(m.native->model, t, inputs.data(), batch,
                                       values.mutable_data(), threads, error, so);
             }
             if (!ok)
               fail(error);
             return values;
           },
           py::arg("theta"), py::arg("inputs"), py::arg("threads") = 0, py::arg("shots") = 0,
           py::arg("shot_seed") = 0, py::arg("trajectories") = 0)
      .def("vjp",
           [](const Model &m, const Array &theta, const Array &inputs, const Array &gvalues,
              int threads, long long shots, uint64_t shotSeed, bool paramShift,
              long long trajectories) {
             const masq::ModelInfo &info = m.info();
             const masq::CompiledModel &cm = m.native->model;
             if (paramShift ? !cm.psVjp : !cm.vjp)
               fail("model '" + info.name + "' was compiled without its " +
                    (paramShift ? "parameter-shift " : "") +
                    "vector-Jacobian product" +
                    (paramShift ? " (masq.compile(..., param_shift=True))" : ""));
             const double *t = data(theta, info.numParams, "theta");
             const int64_t batch = batchOf(m, inputs);
             const double *g = data(gvalues, batch * info.numValues, "grad_outputs");
             Array values({py::ssize_t(batch), py::ssize_t(info.numValues)});
             Array gtheta(py::ssize_t(info.numParams));
             Array ginputs({py::ssize_t(batch), py::ssize_t(info.inputSize)});
             const masq::ShotOptions so = m.device(shots, shotSeed, trajectories);
             std::string error;
             bool ok;
             {
               py::gil_scoped_release release;
               ok = paramShift
                        ? masq::psVjpBatch(cm, t, inputs.data(), batch, values.mutable_data(),
                                           g, gtheta.mutable_data(), ginputs.mutable_data(),
                                           threads, error, so)
                        : masq::vjpBatch(cm, t, inputs.data(), batch, values.mutable_data(), g,
                                         gtheta.mutable_data(), ginputs.mutable_data(),
                                         threads, error, so);
             }
             if (!ok)
               fail(error);
             return py::make_tuple(values, gtheta, ginputs);
           },
           py::arg("theta"), py::arg("inputs"), py::arg("gvalues"), py::arg("threads") = 0,
           py::arg("shots") = 0, py::arg("shot_seed") = 0, py::arg("param_shift") = false,
           py::arg("trajectories") = 0)
      .def("gradient",
           [](const Model &m, const Array &theta, const Array &inputs, int threads,
              const std::string &method, long long shots, uint64_t shotSeed,
              long long trajectories) {
             const masq::ModelInfo &info = m.info();
             const masq::CompiledModel &cm = m.native->model;
             const double *t = data(theta, info.numParams, "theta");
             const int64_t batch = batchOf(m, inputs);
             Array values({py::ssize_t(batch), py::ssize_t(info.numValues)});
             Array gtheta(py::ssize_t(info.numParams));
             const masq::ShotOptions so = m.device(shots, shotSeed, trajectories);
             std::string error;
             bool ok;
             {
               py::gil_scoped_release release;
               if (method == "parameter-shift")
                 ok = masq::psGradientBatch(cm, t, inputs.data(), batch, values.mutable_data(),
                                            gtheta.mutable_data(), threads, error, so);
               else if (method == "finite-diff")
                 ok = masq::fdGradientBatch(cm, t, inputs.data(), batch, values.mutable_data(),
                                            gtheta.mutable_data(), threads, error,
                                            shots > 0 ? 0.05 : 1e-6, so);
               else
                 ok = masq::gradientBatch(cm, t, inputs.data(), batch, values.mutable_data(),
                                          gtheta.mutable_data(), threads, error, so);
             }
             if (!ok)
               fail(error);
             return py::make_tuple(values, gtheta);
           },
           py::arg("theta"), py::arg("inputs"), py::arg("threads"), py::arg("method"),
           py::arg("shots") = 0, py::arg("shot_seed") = 0, py::arg("trajectories") = 0)
      .def_property_readonly("has_adjoint",
                             [](const Model &m) { return m.native->model.gradient != nullptr ||
                                                         m.native->model.vjp != nullptr; })
      .def_property_readonly("has_param_shift",
                             [](const Model &m) { return m.native->model.psGradient != nullptr ||
                                                         m.native->model.psVjp != nullptr; })
      .def_property_readonly("ps_no_inputs", [](const Model &m) -> py::object {
        const masq::CompiledModel &cm = m.native->model;
        if (!cm.psVjp || cm.psNoInputs.empty())
          return py::none();
        return py::str(cm.psNoInputs);
      });

  // world() -> (rank, size): this process under mpirun ((0, 1) without).
  mod.def("world", [] {
    const masq::dist::World &w = masq::dist::world();
    return py::make_tuple(w.rank, w.size);
  });

  // compile(source, filename, sets, optimize, cache, vjp, param_shift, noise, distributed,
  //         precision) ->
  // (Model | None, diagnostics): the diagnostics are the text masq would print.
  mod.def("compile", [](const std::string &source, const std::string &filename,
                        const std::vector<std::string> &sets, bool optimize, bool cache,
                        bool vjp, bool paramShift, const std::string &noise, bool distributed,
                        const std::string &precision) {
    if (precision != "double" && precision != "single")
      throw py::value_error("precision: 'double' or 'single', not '" + precision + "'");
    if (distributed && precision == "single")
      throw py::value_error("precision='single': a state distributed over processes is "
                            "complex128 only; compile without distributed=True");
    if (distributed && !noise.empty())
      throw py::value_error("noise: a state distributed over processes is evaluated exactly "
                            "(no noise channels); compile without distributed=True");
    masq::DriverOptions opts;
    opts.distributedState = distributed;
    opts.file = filename;
    opts.sets = sets;
    opts.optLevel = optimize ? 1 : 0;
    opts.noCache = !cache;
    opts.vjp = vjp;
    opts.paramShift = paramShift;
    opts.noiseFile = noise;
    opts.precision = precision;
    std::string diagnostics;
    opts.source = &source;
    opts.diagnostics = &diagnostics;
    std::unique_ptr<masq::NativeModel> native;
    {
      py::gil_scoped_release release;
      native = masq::compileModel(opts);
    }
    if (!native)
      return py::make_tuple(py::none(), diagnostics);
    auto m = std::make_unique<Model>();
    m->native = std::move(native);
    m->distributed = distributed;
    return py::make_tuple(py::cast(std::move(m)), diagnostics);
  });
}
