//===- TrainerMain.cpp - main() of a standalone trainer (masq build) ------===//
//
// `masq build FILE -o trainer` links the model's object code (which defines
// masq_model_forward, masq_model_gradient and masq_model_info) with this
// file and the runtime libraries. The result trains the model with the
// flags of `masq train` and needs neither the compiler nor the build tree.
//
//===----------------------------------------------------------------------===//
#include "TrainFlags.h"

#include "masq/Model/Trainer.h"

#include <CLI/CLI.hpp>

#include <cstdio>

extern "C" {
void masq_model_forward(const double *, const double *, int64_t, double *, double *);
void masq_model_gradient(const double *, const double *, int64_t, double *, double *,
                         double *) __attribute__((weak));
extern const char masq_model_info[];
}

int main(int argc, char **argv) {
  masq::CompiledModel model;
  std::string error;
  if (!masq::fromJson(masq_model_info, model.info, error)) {
    std::fprintf(stderr, "trainer: error: %s\n", error.c_str());
    return 1;
  }
  model.forward = &masq_model_forward;
  model.gradient = masq_model_gradient;

  masq::TrainOptions o;
  CLI::App app{"standalone trainer of the masq model '" + model.info.name + "'"};
  app.failure_message([](const CLI::App *a, const CLI::Error &e) {
    return masq::formatCLIError("trainer", a, e);
  });
  bool eval = false;
  std::string configFile;
  masq::addConfigFlag(app, configFile);
  masq::addDataFlags(app, o);
  masq::addTrainingFlags(app, o);
  app.add_flag("--eval", eval, "recompute the metrics from DIR/params.json");
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  // The settings file fills in what the command line left out.
  if (app.count("--config") && !masq::applyConfigFile(app, configFile, error)) {
    std::fprintf(stderr, "trainer: error: %s\n", error.c_str());
    return 2;
  }
  o.modelFile = "(built in: " + model.info.name + ")";
  try {
    return eval ? masq::evalModel(model, o) : masq::trainModel(model, o);
  } catch (const std::exception &e) {
    std::fprintf(stderr, "trainer: error: %s\n", e.what());
    return 1;
  }
}
