# LLVM/MLIR 22 from Debian, linked against the one shared libMLIR.so.
find_package(MLIR REQUIRED CONFIG HINTS /usr/lib/llvm-22/lib/cmake/mlir)
message(STATUS "Using MLIR ${MLIR_PACKAGE_VERSION} from ${MLIR_DIR}")

list(APPEND CMAKE_MODULE_PATH "${MLIR_CMAKE_DIR}" "${LLVM_CMAKE_DIR}")
set(LLVM_RUNTIME_OUTPUT_INTDIR ${CMAKE_BINARY_DIR}/bin)
set(LLVM_LIBRARY_OUTPUT_INTDIR ${CMAKE_BINARY_DIR}/lib)
set(MLIR_BINARY_DIR ${CMAKE_BINARY_DIR})
include(TableGen)
include(AddLLVM)
include(AddMLIR)
include(HandleLLVMOptions)

include_directories(SYSTEM ${LLVM_INCLUDE_DIRS} ${MLIR_INCLUDE_DIRS})
separate_arguments(MASQ_LLVM_DEFINITIONS NATIVE_COMMAND "${LLVM_DEFINITIONS}")
add_definitions(${MASQ_LLVM_DEFINITIONS})

# Every include reads "masq/..." from one of these roots.
include_directories(
  ${PROJECT_SOURCE_DIR}/dialect/include ${PROJECT_BINARY_DIR}/dialect/include
  ${PROJECT_SOURCE_DIR}/frontend/include
  ${PROJECT_SOURCE_DIR}/passes/include ${PROJECT_BINARY_DIR}/passes/include
  ${PROJECT_SOURCE_DIR}/core/include)

# MLIR-side code keeps LLVM's flags (RTTI on, exceptions off); only the ANTLR
# target (grammar/ + frontend's parse-tree-to-AST file) turns exceptions on.
function(masq_mlir_flags target)
  target_compile_options(${target} PRIVATE -fno-exceptions)
endfunction()

set(MASQ_MLIR_LIBS MLIR LLVM)
