# SPDX-License-Identifier: GPL-3.0-or-later
# retort_render_icon(SVG OUTPUT_DIR SIZES size... OUT variable): renders SVG to OUTPUT_DIR/<size>.png at each size
# during the build, with rsvg-convert (Debian: librsvg2-bin), and sets variable to the PNGs' paths.
#
# Rendered rather than committed: the SVG is the one source of the icon, so an edit to it reaches every size (the
# window's, the menu's) with no step to forget, and no binary PNGs sit in the repository to drift from it. The cost
# is one small build dependency, installed by scripts/common.sh.
find_program(RSVG_CONVERT_EXECUTABLE rsvg-convert REQUIRED)

function(retort_render_icon svg)
    cmake_parse_arguments(ARG "" "OUTPUT_DIR;OUT" "SIZES" ${ARGN})
    set(pngs)
    foreach(size IN LISTS ARG_SIZES)
        set(png "${ARG_OUTPUT_DIR}/${size}.png")
        add_custom_command(OUTPUT "${png}"
            COMMAND ${CMAKE_COMMAND} -E make_directory "${ARG_OUTPUT_DIR}"
            COMMAND ${RSVG_CONVERT_EXECUTABLE} --width ${size} --height ${size} --output "${png}" "${svg}"
            DEPENDS "${svg}"
            COMMENT "Rendering ${size}x${size} icon"
            VERBATIM)
        list(APPEND pngs "${png}")
    endforeach()
    set(${ARG_OUT} "${pngs}" PARENT_SCOPE)
endfunction()
