// The window's main menu bar, above the view tabs (hidden in presentation mode): the File menu (New,
// Open, Save, Save As, Recent, Quit) with its keys, the Open and Save As dialogs (the desktop's own when
// one is installed, else the built-in browser), the Save / Discard / Cancel question before unsaved work
// is left, and the offer to restore the autosave. Each item records an action; apply_actions applies it.
// Other menus go after File in draw_menu_bar, each drawn by its own function.
#pragma once

#include "app/app.h"

namespace convstep {

// Draws the bar (and reads the File keys and a desktop dialog's answer); returns the bar's height (0 when
// hidden), which the window below leaves free.
float draw_menu_bar(const AppModel& model, UiState& ui, Actions& actions);
// The File menu's modal dialogs and questions, drawn after the window so they sit above it.
void draw_file_dialogs(const AppModel& model, UiState& ui, Actions& actions);

// Ctrl+N, Ctrl+O, Ctrl+S, Ctrl+Shift+S and Ctrl+Q, unless a field is being typed in or a dialog is open;
// read with the other keys, before the frame's queued presses are let go.
void read_file_keys(UiState& ui, Actions& actions);

// The dialog for Open or Save As: the desktop's when ui.file.native_dialogs and one is installed, else
// the built-in browser.
void start_open_dialog(const AppModel& model, UiState& ui);
void start_save_dialog(const AppModel& model, UiState& ui);

// The files Open offers, by extension: sessions, lessons, images and .npy tensors.
const std::vector<std::string>& openable_extensions();

}  // namespace convstep
