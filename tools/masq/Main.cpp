//===- Main.cpp - the masq command line -----------------------------------===//
//
// CLI11 throws on bad flags, so this file is built with exceptions; it only
// fills in DriverOptions and calls into the MLIR-side driver.
//
//===----------------------------------------------------------------------===//
#include "Driver.h"

#include <CLI/CLI.hpp>

#include <iostream>

int main(int argc, char **argv) {
  CLI::App app{"masq: a compiler for quantum machine-learning models"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "masq 0.1.0");

  masq::DriverOptions opts;
  auto addCommon = [&](CLI::App *cmd) {
    cmd->add_option("FILE", opts.file, "the .masq model")->required();
    cmd->add_option("--set", opts.sets,
                    "override a hyper: --set NAME=VALUE (repeatable)")
        ->allow_extra_args(false);
    cmd->add_flag("--verify-diagnostics", opts.verifyDiagnostics,
                  "check diagnostics against expected-error comments (tests)");
  };

  CLI::App *check = app.add_subcommand("check", "parse and verify a model");
  addCommon(check);

  CLI::App *compile =
      app.add_subcommand("compile", "compile a model and print its IR");
  addCommon(compile);
  compile->add_option("--emit", opts.emit, "what to print")
      ->check(CLI::IsMember({"mlir"}));
  compile->add_option("-o,--output", opts.output, "output file ('-' = stdout)");
  compile->add_flag("--locations", opts.locations,
                    "keep source locations (file:line:col) in the IR");
  std::string optLevel = "1";
  compile
      ->add_option("-O", optLevel,
                   "-O0: the IR as generated; -O (the default): optimised")
      ->expected(0, 1)
      ->default_str("1");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError &e) {
    int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  if (optLevel != "0" && optLevel != "1" && !optLevel.empty()) {
    std::cerr << "masq: error: -O" << optLevel << ": use -O0 or -O\n";
    return 2;
  }
  opts.optLevel = optLevel == "0" ? 0 : 1;
  if (check->parsed())
    return masq::runCheck(opts);
  return masq::runCompile(opts);
}
