// The undo history: undo and redo give back each state bit for bit, cell edits are kept as cells,
// replaced tensors are shared rather than copied, drags join into one step, and the byte and entry
// limits drop the oldest changes.
#include "core/history.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "core/scene_edit.h"

namespace convstep {
namespace {

HistoryRecord step(std::string label) {
  return {std::move(label), "", false, false};
}

HistoryState small_state() {
  HistoryState s;
  s.lesson.name = "small";
  s.lesson.title = "A small scene";
  s.lesson.scene.params.op = Op::kConv2d;
  s.lesson.scene.input = Tensor({1, 5, 5}, 1.0f);
  s.lesson.scene.weight = Tensor({1, 1, 3, 3}, 0.5f);
  s.lesson.scene.bias = Tensor({1}, 0.0f);
  s.source = "small";
  return s;
}

HistoryState edited(HistoryState s, int64_t offset, float value) {
  s.lesson.scene.input.values()[static_cast<size_t>(offset)] = value;
  return s;
}

TEST(History, UndoAndRedoGiveBackEachStateBitForBit) {
  History history;
  std::vector<HistoryState> states{small_state()};
  for (int i = 0; i < 6; ++i) {
    HistoryState next = states.back();
    next.lesson.scene.input.values()[static_cast<size_t>(i)] = i == 2 ? -0.0f : static_cast<float>(i + 7);
    if (i == 3) next.lesson.scene.params.stride = {2, 2};
    if (i == 4) next.lesson.scene.bias.reset();
    if (i == 5) next.step = 3;
    history.record(states.back(), next, step("change " + std::to_string(i)));
    states.push_back(next);
  }
  HistoryState state = states.back();
  for (size_t i = states.size() - 1; i > 0; --i) {
    EXPECT_EQ(history.undo_label(), "change " + std::to_string(i - 1));
    ASSERT_TRUE(history.undo(state));
    EXPECT_TRUE(same_state(state, states[i - 1])) << "after undoing change " << i - 1;
  }
  EXPECT_FALSE(history.undo(state));
  for (size_t i = 1; i < states.size(); ++i) {
    ASSERT_TRUE(history.redo(state));
    EXPECT_TRUE(same_state(state, states[i])) << "after redoing change " << i - 1;
  }
  EXPECT_FALSE(history.redo(state));
}

TEST(History, SameStateTellsNegativeZeroFromZero) {
  // The control case for the bit-for-bit comparison the sweeps rely on.
  EXPECT_FALSE(same_state(small_state(), edited(small_state(), 0, 1.0f + 1e-7f)));
  EXPECT_FALSE(same_state(edited(small_state(), 0, 0.0f), edited(small_state(), 0, -0.0f)));
  EXPECT_TRUE(same_state(small_state(), small_state()));
}

TEST(History, ANewChangeAfterUndoEndsTheRedoBranch) {
  History history;
  const HistoryState a = small_state(), b = edited(a, 0, 2), c = edited(a, 1, 3);
  history.record(a, b, step("b"));
  HistoryState state = b;
  ASSERT_TRUE(history.undo(state));
  history.record(state, c, step("c"));
  EXPECT_FALSE(history.can_redo());
  EXPECT_EQ(history.undo_label(), "c");
  EXPECT_EQ(history.undo_count(), 1u);
}

TEST(History, NothingIsRecordedForAChangeThatChangedNothing) {
  History history;
  history.record(small_state(), small_state(), step("nothing"));
  EXPECT_FALSE(history.can_undo());
}

TEST(History, UndoRefusesAStateItWasNotRecordedOn) {
  History history;
  HistoryState a = small_state();
  history.record(a, edited(a, 24, 9), step("edit"));
  HistoryState other = a;
  other.lesson.scene.input = Tensor({1, 2, 2}, 0.0f);  // offset 24 is not in it
  EXPECT_FALSE(history.undo(other));
  EXPECT_EQ(other.lesson.scene.input.numel(), 4);
  EXPECT_TRUE(history.can_undo());
}

TEST(History, ACellEditOnAHugeTensorKeepsOnlyTheCell) {
  History history;
  HistoryState big = small_state();
  big.lesson.scene.input = Tensor({1, 1000, 1000}, 1.0f);
  history.record(big, edited(big, 123456, 5), step("one cell"));
  EXPECT_LT(history.bytes(), size_t{4096}) << "a cell edit must not copy the tensor";
  HistoryState state = edited(big, 123456, 5);
  ASSERT_TRUE(history.undo(state));
  EXPECT_EQ(state.lesson.scene.input.values()[123456], 1.0f);
}

TEST(History, ReplacingAHugeTensorAgainAndAgainSharesEachVersion) {
  History history;
  HistoryState state = small_state();
  state.lesson.scene.input = Tensor({1, 500, 500}, 0.0f);
  const size_t one = 500 * 500 * sizeof(float);
  for (int i = 1; i <= 10; ++i) {
    HistoryState next = state;
    next.lesson.scene.input = Tensor({1, 500, 500}, static_cast<float>(i));
    history.record(state, next, step("fill"));
    state = next;
  }
  // Eleven versions (the start and ten fills), each stored once: not twenty.
  EXPECT_GE(history.bytes(), 11 * one);
  EXPECT_LT(history.bytes(), 12 * one);
}

TEST(History, ALargeTensorEditedManyTimesStaysWithinTheCap) {
  HistoryLimits limits;
  limits.max_bytes = size_t{8} << 20;
  History history(limits);
  HistoryState state = small_state();
  state.lesson.scene.input = Tensor({1, 700, 700}, 0.0f);  // about 1.9 MiB a version
  for (int i = 1; i <= 200; ++i) {
    HistoryState next = state;
    if (i % 3 == 0) {
      next.lesson.scene.input = Tensor({1, 700, 700}, static_cast<float>(i));
    } else {
      next.lesson.scene.input.values()[static_cast<size_t>(i * 997)] = static_cast<float>(-i);
    }
    history.record(state, next, step("edit " + std::to_string(i)));
    state = next;
    ASSERT_LE(history.bytes(), limits.max_bytes) << "after edit " << i;
  }
  EXPECT_GT(history.dropped(), 0u);
  EXPECT_GT(history.undo_count(), 2u) << "the newest changes stay undoable";
  EXPECT_EQ(history.undo_label(), "edit 200");
  // What remains still undoes exactly: back through the kept steps, then forward again.
  const HistoryState last = state;
  const size_t kept = history.undo_count();
  for (size_t i = 0; i < kept; ++i) ASSERT_TRUE(history.undo(state));
  for (size_t i = 0; i < kept; ++i) ASSERT_TRUE(history.redo(state));
  EXPECT_TRUE(same_state(state, last));
}

TEST(History, KeepsAtLeastAHundredSmallSteps) {
  History history;
  HistoryState state = small_state();
  for (int i = 0; i < 150; ++i) {
    HistoryState next = edited(state, i % 25, static_cast<float>(i + 100));
    history.record(state, next, step("edit"));
    state = next;
  }
  EXPECT_EQ(history.undo_count(), 150u);
  EXPECT_EQ(history.dropped(), 0u);
}

TEST(History, TheEntryLimitDropsTheOldest) {
  HistoryLimits limits;
  limits.max_entries = 10;
  History history(limits);
  HistoryState state = small_state();
  for (int i = 0; i < 15; ++i) {
    HistoryState next = edited(state, i, static_cast<float>(i + 10));
    history.record(state, next, step("edit " + std::to_string(i)));
    state = next;
  }
  EXPECT_EQ(history.undo_count(), 10u);
  EXPECT_EQ(history.dropped(), 5u);
  for (int i = 0; i < 10; ++i) ASSERT_TRUE(history.undo(state));
  EXPECT_TRUE(same_state(state, [] {
    HistoryState s = small_state();
    for (int i = 0; i < 5; ++i)
      s.lesson.scene.input.values()[static_cast<size_t>(i)] = static_cast<float>(i + 10);
    return s;
  }()));
}

TEST(History, ADragIsOneStep) {
  History history;
  HistoryState state = small_state();
  const HistoryState start = state;
  for (int i = 1; i <= 5; ++i) {
    HistoryState next = state;
    next.lesson.scene.params.padding = {i, i};
    history.record(state, next, {"padding", "edit:padding", /*open=*/i < 5, false});
    state = next;
  }
  EXPECT_EQ(history.undo_count(), 1u);
  ASSERT_TRUE(history.undo(state));
  EXPECT_TRUE(same_state(state, start));
}

TEST(History, ADragLetGoEndsItsStep) {
  History history;
  HistoryState state = small_state();
  for (int i = 1; i <= 4; ++i) {
    HistoryState next = state;
    next.lesson.scene.params.padding = {i, i};
    history.record(state, next, {"padding", "edit:padding", true, false});
    if (i == 2) history.close();  // let go after the second
    state = next;
  }
  EXPECT_EQ(history.undo_count(), 2u);
  // A different control never joins, even while one is held.
  HistoryState next = state;
  next.lesson.scene.params.stride = {2, 2};
  history.record(state, next, {"stride", "edit:stride", true, false});
  EXPECT_EQ(history.undo_count(), 3u);
}

TEST(History, LabelsNameTheChangedParametersWithBothValues) {
  Scene before = small_state().lesson.scene;
  Result<Scene> after = apply_edit(before, {"stride", "2"});
  ASSERT_TRUE(after) << after.message();
  EXPECT_EQ(settings_change_label(before, *after), "stride 1 \xE2\x86\x92 2");
  EXPECT_EQ(settings_change_label(before, before), "");
}

}  // namespace
}  // namespace convstep
