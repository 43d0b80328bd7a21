# Installs the built library into a scratch prefix, then builds examples/c
# against it twice, as C users do: with the CMake package
# (find_package(dutyscore), dutyscore::dutyscore_c) and with pkg-config
# (dutyscore.pc); runs both on the bundled committee.
cmake_policy(VERSION 3.18)
foreach(var SOURCE_DIR BUILD_DIR WORK_DIR C_COMPILER)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} not set")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix}
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed")
endif()

# find_package
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/c -B ${WORK_DIR}/cmake-build
  -DCMAKE_PREFIX_PATH=${prefix} -DCMAKE_C_COMPILER=${C_COMPILER} -DCMAKE_BUILD_TYPE=Release
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring examples/c with find_package failed:\n${out}\n${err}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/cmake-build RESULT_VARIABLE rc
  OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building examples/c with find_package failed:\n${out}\n${err}")
endif()

# pkg-config: the flags it gives, and nothing else.
find_program(PKG_CONFIG pkg-config REQUIRED)
file(GLOB pc_file ${prefix}/lib*/pkgconfig/dutyscore.pc ${prefix}/lib/*/pkgconfig/dutyscore.pc)
if(NOT pc_file)
  message(FATAL_ERROR "dutyscore.pc was not installed under ${prefix}")
endif()
get_filename_component(pc_dir ${pc_file} DIRECTORY)
set(ENV{PKG_CONFIG_PATH} ${pc_dir})
execute_process(COMMAND ${PKG_CONFIG} --cflags --libs dutyscore RESULT_VARIABLE rc
  OUTPUT_VARIABLE flags ERROR_VARIABLE err OUTPUT_STRIP_TRAILING_WHITESPACE)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "pkg-config dutyscore failed: ${err}")
endif()
separate_arguments(flags UNIX_COMMAND "${flags}")
execute_process(COMMAND ${C_COMPILER} -std=c99 -Wall -Werror ${SOURCE_DIR}/examples/c/example.c
  ${flags} -o ${WORK_DIR}/pkg-config-example RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building examples/c with pkg-config (${flags}) failed:\n${err}")
endif()

# Both run on the installed library (the pkg-config build finds it through
# the library path, as a system install would through ld.so).
get_filename_component(libdir ${pc_dir} DIRECTORY)
set(data ${SOURCE_DIR}/examples/data)
foreach(program ${WORK_DIR}/cmake-build/example ${WORK_DIR}/pkg-config-example)
  execute_process(COMMAND ${CMAKE_COMMAND} -E env LD_LIBRARY_PATH=${libdir}
    ${program} ${prefix}/share/dutyscore/rules/default.yaml ${data}/members.csv
    ${data}/records.csv 2025
    RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT out MATCHES "checks passed")
    message(FATAL_ERROR "${program} failed (${rc}):\n${out}\n${err}")
  endif()
endforeach()
message(STATUS "C consumers (find_package, pkg-config) ok")
