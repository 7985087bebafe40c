# ppc_embed_files(target NAMESPACE ns FILES f...): compiles the files into `target` as
# byte arrays, reachable through `std::span<const EmbeddedFile> ns::embedded_files()`.
# Paths are recorded relative to BASE_DIR. The generated code is rebuilt when a file changes.
function(ppc_embed_files target)
  cmake_parse_arguments(E "" "NAMESPACE;BASE_DIR" "FILES" ${ARGN})
  set(out ${CMAKE_CURRENT_BINARY_DIR}/${target}_embedded.cpp)
  # A list cannot cross the command line intact: pass it joined with '|'.
  string(JOIN "|" files_arg ${E_FILES})
  add_custom_command(
    OUTPUT ${out}
    COMMAND ${CMAKE_COMMAND} -DOUT=${out} -DNS=${E_NAMESPACE} -DBASE=${E_BASE_DIR}
            "-DFILES=${files_arg}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
    DEPENDS ${E_FILES} ${PROJECT_SOURCE_DIR}/cmake/embed_generate.cmake
    COMMENT "Embedding ${target} data files" VERBATIM)
  target_sources(${target} PRIVATE ${out})
endfunction()
