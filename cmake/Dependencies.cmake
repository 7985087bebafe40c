# All dependencies come from Debian 12 packages (scripts/install-deps.sh installs them).
#
# The libraries are linked by name (-lfoo) so the same list serves the dynamic build (tests,
# sanitizers) and the static one: with -static the linker picks libfoo.a. A static link must
# also name every library the static archives depend on, which the shared objects would have
# pulled in by themselves; PPC_STATIC_DEPS lists them (Libs.private of each .pc file).
find_package(Threads REQUIRED)
find_package(nlohmann_json 3 REQUIRED)
find_package(CLI11 REQUIRED)
find_path(YAMLCPP_INCLUDE yaml-cpp/yaml.h REQUIRED)
find_path(ARCHIVE_INCLUDE archive.h REQUIRED)
find_path(ZSTD_INCLUDE zstd.h REQUIRED)
find_path(YARA_INCLUDE yara.h REQUIRED)
find_path(SQLITE_INCLUDE sqlite3.h REQUIRED)
find_package(OpenSSL 3 REQUIRED)

add_library(ppc_deps INTERFACE)
target_link_libraries(ppc_deps INTERFACE archive zstd sqlite3 crypto yaml-cpp
                      nlohmann_json::nlohmann_json CLI11::CLI11 Threads::Threads)
add_library(ppc_yara INTERFACE)
target_link_libraries(ppc_yara INTERFACE yara)

# What libarchive.a, libyara.a, libxml2.a and libcrypto.a need in a static link, in link order.
set(PPC_STATIC_DEPS archive nettle acl attr lzma zstd lz4 bz2 z xml2 icuuc icudata
    yara magic jansson sqlite3 yaml-cpp crypto stdc++ m dl pthread)

# A static front end needs the group after every library of ours, so it rides on ppc_deps and
# is switched on per executable by the PPC_STATIC_EXE property (read on the consuming target).
# Archives by full path: CMake de-duplicates -l items across the link line, which would pull
# libyara.a out of the group and past the jansson and magic archives it needs.
set(_static_archives "")
foreach(lib ${PPC_STATIC_DEPS})
  if(lib MATCHES "^(stdc\\+\\+|m|dl|pthread)$")
    list(APPEND _static_archives "-l${lib}")
  else()
    find_library(PPC_STATIC_LIB_${lib} NAMES lib${lib}.a)
    if(PPC_STATIC AND NOT PPC_STATIC_LIB_${lib})
      message(FATAL_ERROR "static archive lib${lib}.a not found: run scripts/install-deps.sh")
    endif()
    list(APPEND _static_archives "${PPC_STATIC_LIB_${lib}}")
  endif()
endforeach()
set(_static_group "-Wl,--start-group;${_static_archives};-Wl,--end-group")
target_link_libraries(ppc_deps INTERFACE
  "$<$<BOOL:$<TARGET_PROPERTY:PPC_STATIC_EXE>>:${_static_group}>")

# ppc_static_link(target): makes a front end fully static when PPC_STATIC is on.
function(ppc_static_link target)
  if(PPC_STATIC)
    set_target_properties(${target} PROPERTIES PPC_STATIC_EXE ON)
    target_link_options(${target} PRIVATE -static -Wl,--gc-sections -s)
  endif()
endfunction()
