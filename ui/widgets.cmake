# SPDX-License-Identifier: GPL-3.0-or-later
# The graph, details and pending widgets, for retort_ui (include(widgets.cmake)
# in ui/CMakeLists.txt and add ${RETORT_UI_WIDGET_SOURCES} to its sources).
# Absolute paths, so the list works from any including directory.
set(RETORT_UI_WIDGET_SOURCES
    ${CMAKE_CURRENT_LIST_DIR}/graph/RevisionGraphModel.h ${CMAKE_CURRENT_LIST_DIR}/graph/RevisionGraphModel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/graph/DriftMarks.h ${CMAKE_CURRENT_LIST_DIR}/graph/DriftMarks.cpp
    ${CMAKE_CURRENT_LIST_DIR}/graph/GraphDelegate.h ${CMAKE_CURRENT_LIST_DIR}/graph/GraphDelegate.cpp
    ${CMAKE_CURRENT_LIST_DIR}/graph/RevisionGraphView.h ${CMAKE_CURRENT_LIST_DIR}/graph/RevisionGraphView.cpp
    ${CMAKE_CURRENT_LIST_DIR}/details/RevisionRunEntry.h
    ${CMAKE_CURRENT_LIST_DIR}/details/RevisionDetails.h ${CMAKE_CURRENT_LIST_DIR}/details/RevisionDetails.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pending/PendingPanel.h ${CMAKE_CURRENT_LIST_DIR}/pending/PendingPanel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/pending/RenderedLabel.h ${CMAKE_CURRENT_LIST_DIR}/pending/RenderedLabel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistReportPdf.h ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistReportPdf.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checklist/StateColours.h ${CMAKE_CURRENT_LIST_DIR}/checklist/WalkStepText.h
    ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistStepModel.h ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistStepModel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistStepDelegate.h ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistStepDelegate.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistStepList.h ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistStepList.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistStepEditor.h ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistStepEditor.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistWindowBox.h ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistWindowBox.cpp
    ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistPanel.h ${CMAKE_CURRENT_LIST_DIR}/checklist/ChecklistPanel.cpp
    ${CMAKE_CURRENT_LIST_DIR}/problems/ProblemsPanel.h ${CMAKE_CURRENT_LIST_DIR}/problems/ProblemsPanel.cpp
)
