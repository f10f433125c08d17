# Flags of the statevector code: masq_runtime (runtime/sim) and the test
# oracle that interprets tapes with its kernels (test/oracle). Plain C++17,
# OpenMP when present (MASQ_RT_HAVE_OPENMP), no LLVM/MLIR header.
find_package(OpenMP)

function(masq_runtime_flags target)
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    CXX_STANDARD 17
    CXX_STANDARD_REQUIRED ON)
  if(CMAKE_CXX_COMPILER_ID MATCHES "GNU|Clang")
    target_compile_options(${target} PRIVATE -Wall -Wextra -fno-math-errno
                           -fcx-limited-range)
  endif()
  if(OpenMP_CXX_FOUND)
    target_link_libraries(${target} PUBLIC OpenMP::OpenMP_CXX)
    target_compile_definitions(${target} PRIVATE MASQ_RT_HAVE_OPENMP=1)
  endif()
endfunction()
