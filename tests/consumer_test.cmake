# Installs the built library into a scratch prefix, builds examples/consumer
# against it with find_package, and runs it on the Tongcheng method.
foreach(var SOURCE_DIR BUILD_DIR WORK_DIR)
  if(NOT DEFINED ${var})
    message(FATAL_ERROR "${var} not set")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR})
execute_process(COMMAND ${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${WORK_DIR}/prefix
  RESULT_VARIABLE rc OUTPUT_QUIET)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "install failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR}/examples/consumer -B ${WORK_DIR}/build
  -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix -DCMAKE_BUILD_TYPE=Release RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "configuring the consumer failed")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${WORK_DIR}/build RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "building the consumer failed")
endif()
set(data ${SOURCE_DIR}/tests/methods/tongcheng)
execute_process(COMMAND ${WORK_DIR}/build/consumer ${WORK_DIR}/prefix/share/dutyscore/rules/tongcheng-2019.yaml
  ${data}/members.csv ${data}/records.csv 2024
  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "consumer failed: ${err}")
endif()
# The top three of the Tongcheng expected ranking, and T05's audit total.
string(FIND "${out}" "T05,50.00,25.00,7.00,15.00,97.00,合格,1" first)
string(FIND "${out}" "总分 97.00" total)
if(first EQUAL -1 OR total EQUAL -1)
  message(FATAL_ERROR "unexpected consumer output:\n${out}")
endif()
message(STATUS "consumer ok")
