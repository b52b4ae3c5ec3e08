// Shared by the stage tests (model, hover, view): a stepper over a built-in lesson, so each test starts
// from the same scene the app shows.
#pragma once

#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "core/lesson.h"
#include "core/stepper.h"

namespace convstep::test_support {

// A failed lookup is reported as a test failure, not a crash, so the test says which lesson is missing.
inline Stepper lesson_stepper(const std::string& name) {
  Result<Lesson> lesson = find_builtin_lesson(name);
  EXPECT_TRUE(lesson) << lesson.message();
  Result<Stepper> stepper = Stepper::create(lesson->scene);
  EXPECT_TRUE(stepper) << stepper.message();
  return std::move(stepper).value();
}

}  // namespace convstep::test_support
