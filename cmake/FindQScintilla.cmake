# SPDX-License-Identifier: GPL-3.0-or-later
# Finds QScintilla built for Qt 6 (Debian: libqscintilla2-qt6-dev), which ships no CMake package.
# Defines QScintilla_FOUND, QScintilla_INCLUDE_DIR, QScintilla_LIBRARY and the imported target
# QScintilla::QScintilla (links Qt6::Widgets). Only ui/ links it.
find_package(Qt6 REQUIRED COMPONENTS Widgets)
get_target_property(_retort_qt_include_dirs Qt6::Core INTERFACE_INCLUDE_DIRECTORIES)

find_path(QScintilla_INCLUDE_DIR
    NAMES Qsci/qsciscintilla.h
    HINTS ${_retort_qt_include_dirs}
    PATH_SUFFIXES qt6 x86_64-linux-gnu/qt6 aarch64-linux-gnu/qt6)
find_library(QScintilla_LIBRARY NAMES qscintilla2_qt6 qscintilla2-qt6)

include(FindPackageHandleStandardArgs)
find_package_handle_standard_args(QScintilla REQUIRED_VARS QScintilla_LIBRARY QScintilla_INCLUDE_DIR)
mark_as_advanced(QScintilla_INCLUDE_DIR QScintilla_LIBRARY)

if(QScintilla_FOUND AND NOT TARGET QScintilla::QScintilla)
    add_library(QScintilla::QScintilla UNKNOWN IMPORTED)
    set_target_properties(QScintilla::QScintilla PROPERTIES
        IMPORTED_LOCATION "${QScintilla_LIBRARY}"
        INTERFACE_INCLUDE_DIRECTORIES "${QScintilla_INCLUDE_DIR}"
        INTERFACE_LINK_LIBRARIES Qt6::Widgets)
endif()
unset(_retort_qt_include_dirs)
