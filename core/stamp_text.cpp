// Formats stamping snapshots as hand-written arithmetic; every number comes from the snapshot.
#include "core/stamp_text.h"

#include <algorithm>
#include <ostream>

namespace convstep {

namespace {

std::string operand(float v, const TraceStyle& style) {
  return bracket_negative(v, format_number(v, style));
}

std::string range_text(int64_t first, int64_t last, const TraceStyle& style) {
  if (first == last) return std::to_string(first);
  return std::to_string(first) + (style.ascii ? ".." : "\u2026") + std::to_string(last);
}

}  // namespace

std::string format_stamp_step(const StampSnapshot& s, const Stamper& stamper, const TraceStyle& style) {
  const Geometry& g = stamper.geometry();
  const std::string times = style.ascii ? "x" : "\u00d7";
  std::string line;
  if (s.bias_step) {
    line = "bias: every out[";
    line.append(g.batched ? "n," : "").append("c");
    line.append(g.dims == 2 ? ",y,x" : ",x").append("] += bias[c] = (");
    for (int64_t c = 0; c < g.out_channels; ++c) {
      if (c) line += ", ";
      line += format_number(stamper.scene().bias->data()[c], style);
    }
    return line + ")";
  }
  line = "in[";
  if (g.batched) line.append(std::to_string(s.batch)).append(",");
  line.append(std::to_string(s.in_channel)).append(",");
  if (g.dims == 2) line.append(std::to_string(s.in_y)).append(",");
  line.append(std::to_string(s.in_x)).append("] = ").append(format_number(s.value, style));
  if (s.stamps.empty()) return line + " stamps nothing (its whole window is cropped by the padding)";
  int64_t c0 = s.stamps.front().out_channel, c1 = c0, y0 = s.stamps.front().out_y, y1 = y0,
          x0 = s.stamps.front().out_x, x1 = x0;
  for (const Stamp& st : s.stamps) {
    c0 = std::min(c0, st.out_channel), c1 = std::max(c1, st.out_channel);
    y0 = std::min(y0, st.out_y), y1 = std::max(y1, st.out_y);
    x0 = std::min(x0, st.out_x), x1 = std::max(x1, st.out_x);
  }
  line.append(" stamps out[");
  if (g.batched) line.append(std::to_string(s.batch)).append(",");
  line.append(range_text(c0, c1, style)).append(",");
  if (g.dims == 2) line.append(range_text(y0, y1, style)).append(",");
  line.append(range_text(x0, x1, style)).append("]: ");
  for (size_t i = 0; i < s.stamps.size(); ++i) {
    const Stamp& st = s.stamps[i];
    if (i) line += ", ";
    line.append(format_number(st.before, style)).append(" + ").append(operand(s.value, style));
    line.append(times).append(operand(st.weight, style)).append(" = ").append(format_number(st.after, style));
  }
  return line;
}

std::string direct_equivalent_text(const Scene& scene, const TraceStyle& style) {
  auto direct = direct_equivalent(scene);
  if (!direct) return "no direct view: " + direct.message();
  const DirectEquivalent& d = *direct;
  const bool two = spatial_dims(scene.params.op) == 2;
  const std::string by = style.ascii ? "x" : "\u00d7";
  auto both = [&](int64_t a, int64_t b) {
    return two && a != b ? std::to_string(a) + "," + std::to_string(b) : std::to_string(b);
  };
  std::string size = two ? std::to_string(d.h.source.size()) + by + std::to_string(d.w.source.size())
                         : std::to_string(d.w.source.size());
  std::string text = "the same as " + std::string(op_name(d.scene.params.op)) + " on the " + size +
                     " zero-inserted input (" + both(d.h.inserted, d.w.inserted) +
                     (d.h.inserted == 1 && d.w.inserted == 1 ? " zero" : " zeros") +
                     " between cells), padding " + both(d.h.padding, d.w.padding);
  if (d.h.cropped || d.w.cropped) text += ", " + both(d.h.cropped, d.w.cropped) + " cropped on each side";
  if (d.h.extra || d.w.extra) text += ", " + both(d.h.extra, d.w.extra) + " extra zeros on the far side";
  return text + ", stride 1, the kernel flipped and its in/out channels swapped";
}

void write_stamp_trace(const Stamper& stamper, const TraceStyle& style, std::ostream& out) {
  const int64_t count = stamper.step_count();
  const int64_t shown = style.max_steps > 0 ? std::min(count, style.max_steps) : count;
  for (int64_t i = 0; i < shown; ++i) out << format_stamp_step(stamper.snapshot(i), stamper, style) << '\n';
  if (shown < count) {
    const int64_t rest = count - shown;
    out << (style.ascii ? "... " : "\u2026 ") << rest << (rest == 1 ? " more step" : " more steps")
        << " (--max-steps 0 shows all)\n";
  }
  out << '\n' << direct_equivalent_text(stamper.scene(), style) << '\n';
  const Tensor output = stamper.partial_output(count);
  out << "\noutput " << output.shape_string() << ":\n" << format_tensor(output) << '\n';
}

}  // namespace convstep
