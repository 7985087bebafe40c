# Every third-party library is one target, ppc::<name>, found with its minimum version (the
# version Debian 12 ships: the floor we build and test on). A missing or older library stops
# the configure step with the Debian package to install (scripts/install-deps.sh installs them
# all). Each target is linked only by the targets that include its headers, PRIVATE unless a
# public header of ours exposes it.
#
# The C libraries are linked by name (-lfoo), not by the path pkg-config resolves, so the same
# target serves the dynamic build (tests, sanitizers) and the static one: with -static the
# linker picks libfoo.a. A static link must also name every library the static archives depend
# on, which the shared objects would have pulled in by themselves: PPC_STATIC_DEPS below.
find_package(PkgConfig QUIET)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config not found: install the Debian package pkg-config "
                      "(scripts/install-deps.sh)")
endif()

# The group of static archives (below) must come after every library on a static link. CMake
# puts an item after the targets that link it, so every dependency target carries the group (and
# so does ppc_version, the one library of ours no dependency target follows). It is empty unless
# the executable being linked has the PPC_STATIC_EXE property (ppc_static_link).
add_library(ppc_static_group INTERFACE)

# ppc_pkg_dependency(name MODULE pc-module VERSION min DEBIAN package LINK lib...):
# ppc::<name> from pkg-config's <pc-module> at least <min>, linking -l<lib>...
function(ppc_pkg_dependency name)
  cmake_parse_arguments(D "" "MODULE;VERSION;DEBIAN" "LINK" ${ARGN})
  pkg_check_modules(PPC_PC_${name} QUIET "${D_MODULE}>=${D_VERSION}")
  if(NOT PPC_PC_${name}_FOUND)
    execute_process(COMMAND ${PKG_CONFIG_EXECUTABLE} --modversion ${D_MODULE}
                    OUTPUT_VARIABLE found_version OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
    if(found_version)
      set(found " (found ${found_version})")
    endif()
    message(FATAL_ERROR "${D_MODULE} ${D_VERSION} or newer not found${found}: install the Debian "
                        "package ${D_DEBIAN} (scripts/install-deps.sh)")
  endif()
  add_library(ppc_dep_${name} INTERFACE)
  target_include_directories(ppc_dep_${name} SYSTEM INTERFACE ${PPC_PC_${name}_INCLUDE_DIRS})
  target_link_libraries(ppc_dep_${name} INTERFACE ${D_LINK} ppc_static_group)
  add_library(ppc::${name} ALIAS ppc_dep_${name})
  message(STATUS "ppc::${name}: ${D_MODULE} ${PPC_PC_${name}_VERSION}")
endfunction()

# ppc_cmake_dependency(name PACKAGE pkg VERSION min DEBIAN package TARGET imported-target):
# ppc::<name> from find_package(<pkg> <min>) (header-only libraries).
function(ppc_cmake_dependency name)
  cmake_parse_arguments(D "" "PACKAGE;VERSION;DEBIAN;TARGET" "" ${ARGN})
  find_package(${D_PACKAGE} ${D_VERSION} QUIET)
  if(NOT ${D_PACKAGE}_FOUND)
    if(${D_PACKAGE}_CONSIDERED_VERSIONS)
      set(found " (found ${${D_PACKAGE}_CONSIDERED_VERSIONS})")
    endif()
    message(FATAL_ERROR "${D_PACKAGE} ${D_VERSION} or newer not found${found}: install the "
                        "Debian package ${D_DEBIAN} (scripts/install-deps.sh)")
  endif()
  add_library(ppc_dep_${name} INTERFACE)
  target_link_libraries(ppc_dep_${name} INTERFACE ${D_TARGET})
  add_library(ppc::${name} ALIAS ppc_dep_${name})
  message(STATUS "ppc::${name}: ${D_PACKAGE} ${${D_PACKAGE}_VERSION}")
endfunction()

ppc_pkg_dependency(archive MODULE libarchive VERSION 3.6.2 DEBIAN libarchive-dev LINK archive)
ppc_pkg_dependency(zstd MODULE libzstd VERSION 1.5.4 DEBIAN libzstd-dev LINK zstd)
ppc_pkg_dependency(sqlite3 MODULE sqlite3 VERSION 3.40.1 DEBIAN libsqlite3-dev LINK sqlite3)
ppc_pkg_dependency(crypto MODULE libcrypto VERSION 3.0.0 DEBIAN libssl-dev LINK crypto)
ppc_pkg_dependency(yaml MODULE yaml-cpp VERSION 0.7.0 DEBIAN libyaml-cpp-dev LINK yaml-cpp)
ppc_pkg_dependency(yara MODULE yara VERSION 4.2.3 DEBIAN libyara-dev LINK yara)
# E01 output of biunzip image (only biunzip links it).
ppc_pkg_dependency(ewf MODULE libewf VERSION 20140813 DEBIAN libewf-dev LINK ewf)
# biunzip upload's transport (SFTP through libssh2, S3, Azure) and the XML of S3's replies.
# Only biunzip links them: Debian's libcurl.a needs GSS-API (krb5), which Debian ships without
# static archives, so biunzip is linked dynamically (docs/ARCHITECTURE.md, "Static linking").
ppc_pkg_dependency(curl MODULE libcurl VERSION 7.88.1 DEBIAN libcurl4-openssl-dev LINK curl)
ppc_pkg_dependency(xml2 MODULE libxml-2.0 VERSION 2.9.14 DEBIAN libxml2-dev LINK xml2)
ppc_cmake_dependency(json PACKAGE nlohmann_json VERSION 3.11.2 DEBIAN nlohmann-json3-dev
                     TARGET nlohmann_json::nlohmann_json)
ppc_cmake_dependency(cli11 PACKAGE CLI11 VERSION 2.1.2 DEBIAN libcli11-dev TARGET CLI11::CLI11)
find_package(Threads REQUIRED)

# What libewf.a, libarchive.a, libyara.a, libxml2.a and libcrypto.a need in a static link,
# in link order.
set(PPC_STATIC_DEPS ewf archive nettle acl attr lzma zstd lz4 bz2 z xml2 icuuc icudata
    yara magic jansson sqlite3 yaml-cpp crypto stdc++ m dl pthread)

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
target_link_libraries(ppc_static_group INTERFACE
  "$<$<BOOL:$<TARGET_PROPERTY:PPC_STATIC_EXE>>:${_static_group}>")

# ppc_static_link(target): makes a front end fully static when PPC_STATIC is on.
function(ppc_static_link target)
  if(PPC_STATIC)
    set_target_properties(${target} PROPERTIES PPC_STATIC_EXE ON)
    target_link_options(${target} PRIVATE -static -Wl,--gc-sections -s)
  endif()
endfunction()
