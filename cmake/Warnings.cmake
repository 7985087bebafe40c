# Project-wide compile flags: applied through the ppc_flags interface target so that
# third-party code (CLI11, gtest) is not held to our warning level.
add_library(ppc_flags INTERFACE)
target_compile_options(ppc_flags INTERFACE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                       -Wno-missing-field-initializers)
# GCC 12 at -O2 reports -Wrestrict, -Warray-bounds and -Wstringop-overflow/-overread inside libstdc++'s
# inlined memcpy for ordinary std::string and std::vector code (GCC bugs 105329, 105651,
# fixed in 13); they would turn -Werror builds red for no defect of ours.
if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
  target_compile_options(ppc_flags INTERFACE -Wno-restrict -Wno-array-bounds -Wno-stringop-overflow
                         -Wno-stringop-overread)
endif()
if(PPC_WERROR)
  target_compile_options(ppc_flags INTERFACE -Werror)
endif()
target_compile_options(ppc_flags INTERFACE -ffunction-sections -fdata-sections)
if(PPC_SANITIZE)
  target_compile_options(ppc_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(ppc_flags INTERFACE -fsanitize=address,undefined)
endif()
