# Project-wide compile flags: applied through the ppc_flags interface target so that
# third-party code (CLI11, gtest) is not held to our warning level.
add_library(ppc_flags INTERFACE)
target_compile_options(ppc_flags INTERFACE -Wall -Wextra -Wshadow -Wnon-virtual-dtor
                       -Wno-missing-field-initializers)
if(PPC_WERROR)
  target_compile_options(ppc_flags INTERFACE -Werror)
endif()
target_compile_options(ppc_flags INTERFACE -ffunction-sections -fdata-sections)
if(PPC_SANITIZE)
  target_compile_options(ppc_flags INTERFACE -fsanitize=address,undefined -fno-omit-frame-pointer
                         -fno-sanitize-recover=undefined)
  target_link_options(ppc_flags INTERFACE -fsanitize=address,undefined)
endif()
