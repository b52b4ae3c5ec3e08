// What quiz.cpp and quiz_diagnosis.cpp share: the symbols of the feedback text, a few of its phrases, and
// the diagnosis of a wrong next value. Not part of core's interface (that is core/quiz.h).
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/geometry.h"
#include "core/quiz.h"
#include "core/stepper.h"

namespace convstep {

inline constexpr const char* kTimes = "\xC3\x97";        // ×
inline constexpr const char* kMinus = "\xE2\x88\x92";    // −
inline constexpr const char* kMiddle = " \xC2\xB7 ";     // ·
inline constexpr const char* kArrow = " \xE2\x86\x92 ";  // →

// "−3" with a real minus sign.
std::string integer_text(int64_t v);
// "input[0, 1, 2]" in the input's own coordinates.
std::string input_name(const Geometry& g, int64_t channel, int64_t y, int64_t x);

// Explains a wrong next value: the first slip that turns the snapshot's arithmetic into `typed`
// (`matches` says whether a value counts as the typed one) goes into f.lines, with its tap in f.tap;
// when no single slip accounts for it, how far off it is.
void explain_wrong_value(const Geometry& g, const Snapshot& s, const std::function<bool(double)>& matches,
                         float typed, QuizFeedback& f);

}  // namespace convstep
