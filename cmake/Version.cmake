# The version and the git commit the binaries are built from (--version, custody records), in one
# generated source file: ppc_version (header formats/include/ppc/version.hpp). The file is
# rewritten at every build, but only when its text changes, so a new commit recompiles that one
# file and relinks; no other object depends on the commit.
set(PPC_VERSION_CPP ${CMAKE_BINARY_DIR}/generated/ppc_version.cpp)
add_custom_target(ppc_version_source
  COMMAND ${CMAKE_COMMAND} -DOUT=${PPC_VERSION_CPP} -DVERSION=${PROJECT_VERSION}
          -DSOURCE_DIR=${PROJECT_SOURCE_DIR} -P ${PROJECT_SOURCE_DIR}/cmake/version_generate.cmake
  BYPRODUCTS ${PPC_VERSION_CPP}
  COMMENT "Checking the git commit" VERBATIM)

add_library(ppc_version STATIC ${PPC_VERSION_CPP})
add_dependencies(ppc_version ppc_version_source)
target_include_directories(ppc_version PUBLIC ${PROJECT_SOURCE_DIR}/formats/include)
target_link_libraries(ppc_version PRIVATE ppc_flags ppc_static_group)
