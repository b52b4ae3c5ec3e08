# Installs the build into a fresh prefix and uses the installed convstep from another folder, as a user
# of a packaged convstep would: the files are where a desktop expects them, the binary finds its lessons
# and images in PREFIX/share/convstep (not the source tree), and the window opens (when a display is there).
# Run as: cmake -DBUILD_DIR=... -DPREFIX=... -P install_check.cmake
cmake_minimum_required(VERSION 3.20)

function(fail message)
  message(FATAL_ERROR "install check: ${message}")
endfunction()

file(REMOVE_RECURSE "${PREFIX}")
execute_process(COMMAND "${CMAKE_COMMAND}" --install "${BUILD_DIR}" --prefix "${PREFIX}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  fail("cmake --install failed (${rc}): ${err}")
endif()

foreach(file bin/convstep share/convstep/lessons/article-5x5.json share/convstep/images/chelsea.png
             share/applications/convstep.desktop share/mime/packages/convstep.xml
             share/icons/hicolor/scalable/apps/convstep.svg share/man/man1/convstep.1)
  if(NOT EXISTS "${PREFIX}/${file}")
    fail("${file} was not installed")
  endif()
endforeach()

# A lesson only the installed folder has: listing it proves the binary reads PREFIX/share/convstep.
file(READ "${PREFIX}/share/convstep/lessons/article-5x5.json" lesson)
string(REPLACE "\"name\": \"article-5x5\"" "\"name\": \"installed-copy\"" lesson "${lesson}")
file(WRITE "${PREFIX}/share/convstep/lessons/installed-copy.json" "${lesson}")

set(elsewhere "${PREFIX}/elsewhere")
file(MAKE_DIRECTORY "${elsewhere}")
set(env_cmd "${CMAKE_COMMAND}" -E env --unset=CONVSTEP_ASSETS)

execute_process(COMMAND ${env_cmd} "${PREFIX}/bin/convstep" lessons WORKING_DIRECTORY "${elsewhere}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "installed-copy")
  fail("the installed convstep does not list the installed lessons (${rc}): ${out}${err}")
endif()

execute_process(COMMAND ${env_cmd} "${PREFIX}/bin/convstep" trace --lesson article-5x5 WORKING_DIRECTORY "${elsewhere}"
                RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
if(NOT rc EQUAL 0 OR NOT out MATCHES "= 4")
  fail("trace from the installed convstep failed (${rc}): ${out}${err}")
endif()

find_program(DESKTOP_FILE_VALIDATE desktop-file-validate)
if(DESKTOP_FILE_VALIDATE)
  execute_process(COMMAND "${DESKTOP_FILE_VALIDATE}" "${PREFIX}/share/applications/convstep.desktop"
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    fail("convstep.desktop is not valid: ${out}${err}")
  endif()
endif()
find_program(XMLLINT xmllint)
if(XMLLINT)
  foreach(file share/mime/packages/convstep.xml share/icons/hicolor/scalable/apps/convstep.svg)
    execute_process(COMMAND "${XMLLINT}" --noout "${PREFIX}/${file}" RESULT_VARIABLE rc ERROR_VARIABLE err)
    if(NOT rc EQUAL 0)
      fail("${file} is not well-formed XML: ${err}")
    endif()
  endforeach()
endif()

if(DEFINED ENV{DISPLAY} AND NOT "$ENV{DISPLAY}" STREQUAL "")
  execute_process(COMMAND ${env_cmd} "${PREFIX}/bin/convstep" --no-settings --lesson installed-copy --frames 2
                          --size 1024x768 --screenshot "${elsewhere}/shot.png"
                  WORKING_DIRECTORY "${elsewhere}" RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0 OR NOT EXISTS "${elsewhere}/shot.png")
    fail("the installed window did not open on an installed lesson (${rc}): ${out}${err}")
  endif()
endif()
message(STATUS "install check: the installed convstep works from ${elsewhere}")
