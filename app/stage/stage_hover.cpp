// Highlight sets for hover and pin. Receptive fields come from the stepper's snapshots and outputs
// reading an input cell from Stepper::steps_reading; only a ghost cell of the padding ring, which no
// input index names, needs the window's placement (origin o·stride, taps every dilation cells).
#include "app/stage/stage_hover.h"

#include "app/stage/stage_model.h"
#include "core/ops.h"

namespace convstep {
namespace {

CellRef output_ref(const Stepper& stepper, int64_t step) {
  int64_t b = 0, c = 0, y = 0, x = 0;
  stepper.output_index(step, &b, &c, &y, &x);
  return CellRef{StageRole::kOutput, c, y, x};
}

CellRef input_ref(const Tap& tap) {
  return CellRef{StageRole::kInput, tap.in_channel, tap.padded_y, tap.padded_x};
}

}  // namespace

std::vector<int64_t> steps_covering_padded(const Stepper& stepper, int64_t batch, int64_t channel, int64_t py,
                                           int64_t px) {
  const Geometry& g = stepper.geometry();
  std::vector<int64_t> steps;
  if (batch < 0 || batch >= g.batch || channel < 0 || channel >= g.in_channels) return steps;
  const std::vector<int64_t> ys = g.h.windows_covering(py);
  const std::vector<int64_t> xs = g.w.windows_covering(px);
  const ChannelRange outputs = g.out_channels_reading(channel);
  for (int64_t c = outputs.first; c < outputs.end(); ++c)
    for (int64_t oy : ys)
      for (int64_t ox : xs) steps.push_back(stepper.step_of(batch, c, oy, ox));
  return steps;
}

std::vector<CellRef> highlighted_cells(const Stepper& stepper, const Snapshot& current,
                                       const CellRef& focus) {
  const Geometry& g = stepper.geometry();
  std::vector<CellRef> cells;
  switch (focus.role) {
    case StageRole::kOutput: {
      if (focus.channel < 0 || focus.channel >= g.out_channels || focus.y < 0 || focus.y >= g.h.out ||
          focus.x < 0 || focus.x >= g.w.out)
        break;
      const Snapshot s = stepper.snapshot(stepper.step_of(current.batch, focus.channel, focus.y, focus.x));
      for (const Tap& tap : s.taps) cells.push_back(input_ref(tap));
      break;
    }
    case StageRole::kInput: {
      if (focus.y < 0 || focus.y >= g.h.padded() || focus.x < 0 || focus.x >= g.w.padded()) break;
      const bool inside = focus.y >= g.h.pad_before && focus.y < g.h.pad_before + g.h.in &&
                          focus.x >= g.w.pad_before && focus.x < g.w.pad_before + g.w.in;
      // An input cell is read wherever it appears, copies in the padding included; a ghost cell only
      // where a window covers that very ghost.
      const std::vector<int64_t> steps =
          inside ? stepper.steps_reading(current.batch, focus.channel, focus.y - g.h.pad_before,
                                         focus.x - g.w.pad_before)
                 : steps_covering_padded(stepper, current.batch, focus.channel, focus.y, focus.x);
      cells.reserve(steps.size());
      for (int64_t step : steps) cells.push_back(output_ref(stepper, step));
      break;
    }
    case StageRole::kKernel: {
      const int64_t first = g.in_channels_read(current.out_channel).first;
      for (const Tap& tap : current.taps) {
        if (tap.in_channel == first + focus.channel && tap.ky == focus.y && tap.kx == focus.x)
          cells.push_back(input_ref(tap));
      }
      break;
    }
  }
  return cells;
}

}  // namespace convstep
