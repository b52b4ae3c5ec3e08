// The playground's latency after a kernel edit on a 1920×1080 photo: how long until the filtered image
// is current, for a 3×3 and a 9×9 kernel (goals: 50 ms and 150 ms). Two paths, measured separately:
//   CPU: what the window does when it has no GPU preview (or a software renderer) — apply_filter on
//        every core, then filtered_image (the texture upload is left out: it needs a context and is the
//        same for both);
//   GPU: the preview's shader (app/gfx/filter_pass) rendering into its texture, waited for with
//        glFinish, in a hidden GLFW window (under xvfb-run with LIBGL_ALWAYS_SOFTWARE=1 on a machine
//        without a GPU, as scripts/bench.sh runs it).
// Each edit changes one kernel cell, as a click in the kernel editor does. Wall time, median of runs.
// Run: build/bench/convstep_playground_bench [IMAGE]   (default: assets/images/chelsea.png scaled up)
#include <glad/gl.h>

#include <GLFW/glfw3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "app/gfx/filter_pass.h"
#include "app/gfx/texture.h"
#include "app/widgets/image_view.h"
#include "core/allocator.h"
#include "core/filtering.h"
#include "core/image.h"
#include "core/ops.h"

namespace convstep {
namespace {

constexpr int kEdits = 11;

// The photo at 1920×1080 (nearest neighbour), as the playground holds it: RGB, 0–255.
Result<Tensor> photo_1080p(const std::string& path) {
  Result<Image> image = load_image(path);
  if (!image) return image.error();
  Image big;
  big.width = 1920;
  big.height = 1080;
  big.channels = 3;
  big.pixels.resize(static_cast<size_t>(big.width * big.height * 3));
  for (int64_t y = 0; y < big.height; ++y) {
    for (int64_t x = 0; x < big.width; ++x) {
      const int64_t sy = y * image->height / big.height, sx = x * image->width / big.width;
      for (int c = 0; c < 3; ++c)
        big.pixels[static_cast<size_t>((y * big.width + x) * 3 + c)] =
            image->pixels[static_cast<size_t>((sy * image->width + sx) * image->channels + c)];
    }
  }
  return image_to_tensor(big, ColorMode::kRgb, PixelScale::k0To255);
}

FilterSettings blur(int64_t k) {
  FilterSettings f;
  f.kernel = Tensor({k, k}, 1.0f / static_cast<float>(k * k));
  return f;
}

// Median milliseconds of `edit` after an edit of one kernel cell each time.
double median_ms(FilterSettings& filter, const std::function<void(const FilterSettings&)>& edit) {
  std::vector<double> ms;
  for (int i = 0; i < kEdits; ++i) {
    filter.kernel.values()[0] = 0.01f * static_cast<float>(i);
    const auto start = std::chrono::steady_clock::now();
    edit(filter);
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
  }
  std::sort(ms.begin(), ms.end());
  return ms[ms.size() / 2];
}

// `upload`: the image also becomes the texture the window draws (needs a current context).
double cpu_ms(const Tensor& photo, int64_t k, bool upload) {
  FilterSettings filter = blur(k);
  const DisplayOptions display;
  return median_ms(filter, [&](const FilterSettings& f) {
    Result<Tensor> filtered = apply_filter(photo, f);
    if (!filtered) return;
    Result<Image> shown = filtered_image(*filtered, display);
    if (upload && shown) {
      std::shared_ptr<Texture> texture = make_image_texture(*shown);
      glFinish();
    }
  });
}

// A hidden window with an OpenGL 3.3 core context; empty string when ready.
std::string open_gl() {
  if (!glfwInit()) return "glfwInit failed (no display? run under xvfb-run)";
  glfwWindowHint(GLFW_VISIBLE, GLFW_FALSE);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 3);
  glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 3);
  glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
  glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
  GLFWwindow* window = glfwCreateWindow(64, 64, "convstep playground bench", nullptr, nullptr);
  if (!window) return "cannot create an OpenGL 3.3 core context";
  glfwMakeContextCurrent(window);
  if (gladLoadGL(glfwGetProcAddress) == 0) return "glad could not load OpenGL 3.3";
  return "";
}

int main_impl(int argc, char** argv) {
  keep_large_blocks_for_reuse();  // as the window does (app/main.cpp)
  const std::string path =
      argc > 1 ? argv[1] : std::string(CONVSTEP_BENCH_ASSETS_DIR) + "/images/chelsea.png";
  Result<Tensor> photo = photo_1080p(path);
  if (!photo) {
    std::fprintf(stderr, "%s\n", photo.message().c_str());
    return 1;
  }
  std::printf(
      "playground latency after a kernel edit, 1920x1080 RGB (%s scaled), %d threads, median of %d edits\n\n",
      path.c_str(), default_thread_count(), kEdits);
  const std::string gl = open_gl();
  std::printf(
      "| kernel | CPU path ms | CPU path + texture upload ms | GPU preview ms | goal ms |\n"
      "|---|---:|---:|---:|---:|\n");
  for (int64_t k : {3, 9}) {
    const double cpu = cpu_ms(*photo, k, false);
    std::string uploaded = "n/a";
    if (gl.empty()) {
      char text[32];
      std::snprintf(text, sizeof text, "%.1f", cpu_ms(*photo, k, true));
      uploaded = text;
    }
    std::string gpu = "n/a";
    if (gl.empty()) {
      FilterPass pass;
      if (Status s = pass.set_image(*photo); !s) {
        gpu = "refused: " + s.message();
      } else {
        FilterSettings filter = blur(k);
        const DisplayOptions display;
        bool ok = true;
        const double ms = median_ms(filter, [&](const FilterSettings& f) {
          ok = ok && pass.render(f, display).ok();
          glFinish();
        });
        char text[32];
        std::snprintf(text, sizeof text, "%.1f", ms);
        gpu = ok ? text : "render failed";
      }
    }
    std::printf("| %lldx%lld | %.1f | %s | %s | %d |\n", static_cast<long long>(k), static_cast<long long>(k),
                cpu, uploaded.c_str(), gpu.c_str(), k == 3 ? 50 : 150);
  }
  if (!gl.empty()) std::printf("\nGPU preview not measured: %s\n", gl.c_str());
  if (const GLubyte* renderer = gl.empty() ? glGetString(GL_RENDERER) : nullptr)
    std::printf("\nOpenGL renderer: %s\n", reinterpret_cast<const char*>(renderer));
  return 0;
}

}  // namespace
}  // namespace convstep

int main(int argc, char** argv) {
  return convstep::main_impl(argc, argv);
}
