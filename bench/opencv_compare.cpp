// convstep's engine against OpenCV on the same work, side by side in one process: one thread each,
// 1080p float32 input, cv::filter2D for single-channel filters and the cv::dnn Convolution and Pooling
// layers otherwise. Runs are interleaved and repeated; the table gives median times and convstep/OpenCV.
// Each workload first checks that both compute the same numbers, so the comparison is honest.
#include <opencv2/core.hpp>
#include <opencv2/dnn.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "core/ops.h"

namespace convstep {
namespace {

constexpr int kRepeats = 15;
constexpr double kTolerance = 1e-4;  // relative to max(1, |value|)

struct Workload {
  std::string name;
  Scene scene;
  // OpenCV's side: prepare once, then `run` computes into a result `output` returns as float values.
  std::function<void()> run;
  std::function<std::vector<float>()> output;
  int iterations = 1;  // calls per timed sample, so a sample is long enough to time
};

Tensor random_tensor(Shape shape, std::mt19937& rng) {
  Tensor t(std::move(shape));
  std::uniform_real_distribution<float> d(-1.0f, 1.0f);
  for (float& v : t.values()) v = d(rng);
  return t;
}

// A (1, C, H, W) tensor as OpenCV's 4-D blob (same memory layout), or one H×W plane as a Mat.
cv::Mat blob_of(const Tensor& t) {
  std::vector<int> sizes(t.shape().begin(), t.shape().end());
  cv::Mat m(static_cast<int>(sizes.size()), sizes.data(), CV_32F);
  std::copy(t.values().begin(), t.values().end(), m.ptr<float>());
  return m;
}

std::vector<float> values_of(const cv::Mat& m) {
  cv::Mat c = m.isContinuous() ? m : m.clone();
  return std::vector<float>(c.ptr<float>(), c.ptr<float>() + c.total());
}

// A single-channel filter: filter2D is correlation too; the border mode must match the padding mode
// (zeros: BORDER_CONSTANT 0; PyTorch's 'reflect' does not repeat the edge: BORDER_REFLECT_101).
Workload filter_workload(const std::string& name, int k, PaddingMode mode, std::mt19937& rng) {
  Workload w;
  w.name = name;
  w.scene.params.op = Op::kConv2d;
  w.scene.params.padding = {k / 2, k / 2};
  w.scene.params.padding_mode = mode;
  w.scene.input = random_tensor({1, 1, 1080, 1920}, rng);
  w.scene.weight = random_tensor({1, 1, k, k}, rng);
  auto src = std::make_shared<cv::Mat>(1080, 1920, CV_32F);
  std::copy(w.scene.input.values().begin(), w.scene.input.values().end(), src->ptr<float>());
  auto kernel = std::make_shared<cv::Mat>(k, k, CV_32F);
  std::copy(w.scene.weight.values().begin(), w.scene.weight.values().end(), kernel->ptr<float>());
  auto dst = std::make_shared<cv::Mat>();
  const int border = mode == PaddingMode::kZeros ? cv::BORDER_CONSTANT : cv::BORDER_REFLECT_101;
  w.run = [src, kernel, dst, border] {
    cv::filter2D(*src, *dst, CV_32F, *kernel, cv::Point(-1, -1), 0.0, border);
  };
  w.output = [dst] { return values_of(*dst); };
  return w;
}

// One cv::dnn layer in a network of its own, computed on the CPU by OpenCV's own backend.
struct DnnLayer {
  cv::dnn::Net net;
  cv::Mat out;
};

Workload dnn_workload(const std::string& name, Scene scene, cv::dnn::LayerParams lp, int iterations) {
  Workload w;
  w.name = name;
  w.iterations = iterations;
  auto layer = std::make_shared<DnnLayer>();
  layer->net.addLayerToPrev(lp.name, lp.type, lp);
  layer->net.setPreferableBackend(cv::dnn::DNN_BACKEND_OPENCV);
  layer->net.setPreferableTarget(cv::dnn::DNN_TARGET_CPU);
  layer->net.setInput(blob_of(scene.input));
  w.scene = std::move(scene);
  w.run = [layer] { layer->out = layer->net.forward(); };
  w.output = [layer] { return values_of(layer->out); };
  return w;
}

Workload conv_workload(const std::string& name, int64_t in_c, int64_t out_c, int64_t groups, int64_t h,
                       int64_t w, int iterations, std::mt19937& rng) {
  Scene s;
  s.params.op = Op::kConv2d;
  s.params.padding = {1, 1};
  s.params.groups = groups;
  s.input = random_tensor({1, in_c, h, w}, rng);
  s.weight = random_tensor({out_c, in_c / groups, 3, 3}, rng);
  s.bias = random_tensor({out_c}, rng);
  cv::dnn::LayerParams lp;
  lp.name = "conv";
  lp.type = "Convolution";
  lp.set("kernel_size", 3);
  lp.set("pad", 1);
  lp.set("stride", 1);
  lp.set("num_output", static_cast<int>(out_c));
  lp.set("group", static_cast<int>(groups));
  lp.set("bias_term", true);
  lp.blobs.push_back(blob_of(s.weight));
  cv::Mat bias(1, static_cast<int>(out_c), CV_32F);
  std::copy(s.bias->values().begin(), s.bias->values().end(), bias.ptr<float>());
  lp.blobs.push_back(bias);
  return dnn_workload(name, std::move(s), lp, iterations);
}

Workload max_pool_workload(const std::string& name, std::mt19937& rng) {
  Scene s;
  s.params.op = Op::kMaxPool2d;
  s.params.kernel_size = {2, 2};
  s.params.stride = {2, 2};
  s.input = random_tensor({1, 3, 1080, 1920}, rng);
  cv::dnn::LayerParams lp;
  lp.name = "pool";
  lp.type = "Pooling";
  lp.set("pool", "max");
  lp.set("kernel_size", 2);
  lp.set("stride", 2);
  lp.set("ceil_mode", false);
  return dnn_workload(name, std::move(s), lp, 1);
}

// CPU time of the calling thread: both sides run on it alone, and on a shared machine this counts
// only their own work, not the time other processes held the core.
double thread_seconds() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + 1e-9 * static_cast<double>(t.tv_nsec);
}

double seconds_of(const std::function<void()>& f, int iterations) {
  const double start = thread_seconds();
  for (int i = 0; i < iterations; ++i) f();
  return (thread_seconds() - start) / iterations;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

int main_impl() {
  cv::setNumThreads(1);
  std::mt19937 rng(12);
  std::vector<Workload> work;
  work.push_back(filter_workload("3x3, 1 channel, zero padding (filter2D)", 3, PaddingMode::kZeros, rng));
  work.push_back(filter_workload("7x7, 1 channel (filter2D)", 7, PaddingMode::kZeros, rng));
  work.push_back(
      filter_workload("3x3, 1 channel, reflect padding (filter2D)", 3, PaddingMode::kReflect, rng));
  work.push_back(conv_workload("3x3 depthwise, 3 channels (dnn, groups 3)", 3, 3, 3, 1080, 1920, 1, rng));
  work.push_back(conv_workload("3 -> 8 channels, 3x3 (dnn)", 3, 8, 1, 1080, 1920, 1, rng));
  work.push_back(conv_workload("64x64, 3 -> 8 channels, 3x3 (dnn)", 3, 8, 1, 64, 64, 200, rng));
  work.push_back(max_pool_workload("max pool 2x2 stride 2, 3 channels (dnn)", rng));

  const RunOptions one_thread{1, std::nullopt};
  std::vector<Tensor> ours(work.size());
  bool all_agree = true;
  std::vector<double> worst(work.size(), 0.0);
  for (size_t i = 0; i < work.size(); ++i) {
    if (Status s = run_into(work[i].scene, ours[i], one_thread); !s) {
      std::fprintf(stderr, "%s: convstep refused the scene: %s\n", work[i].name.c_str(), s.message().c_str());
      return 1;
    }
    work[i].run();
    const std::vector<float> theirs = work[i].output();
    if (theirs.size() != static_cast<size_t>(ours[i].numel())) {
      std::fprintf(stderr, "%s: OpenCV gives %zu values, convstep %lld\n", work[i].name.c_str(),
                   theirs.size(), static_cast<long long>(ours[i].numel()));
      return 1;
    }
    for (size_t j = 0; j < theirs.size(); ++j) {
      const double a = ours[i].values()[j], b = theirs[j];
      worst[i] = std::max(worst[i], std::fabs(a - b) / std::max(1.0, std::fabs(b)));
    }
    all_agree = all_agree && worst[i] <= kTolerance;
  }

  std::vector<std::vector<double>> ours_s(work.size()), theirs_s(work.size());
  for (int r = 0; r < kRepeats; ++r) {
    for (size_t i = 0; i < work.size(); ++i) {
      Workload& w = work[i];
      Tensor& out = ours[i];
      ours_s[i].push_back(seconds_of([&] { (void)run_into(w.scene, out, one_thread); }, w.iterations));
      theirs_s[i].push_back(seconds_of(w.run, w.iterations));
    }
  }

  std::printf(
      "convstep %s path vs OpenCV %s, one thread each, thread CPU time, median of %d interleaved runs\n\n",
      simd_path_name(best_simd_path()), CV_VERSION, kRepeats);
  std::printf("| work | convstep ms | OpenCV ms | convstep / OpenCV | max rel. diff |\n");
  std::printf("|---|---:|---:|---:|---:|\n");
  for (size_t i = 0; i < work.size(); ++i) {
    const double a = median(ours_s[i]) * 1e3, b = median(theirs_s[i]) * 1e3;
    std::printf("| %s | %.3f | %.3f | %.2f | %.1e |\n", work[i].name.c_str(), a, b, a / b, worst[i]);
  }
  if (!all_agree) {
    std::fprintf(stderr, "convstep and OpenCV disagree beyond %.0e on a workload (last column)\n",
                 kTolerance);
    return 1;
  }
  return 0;
}

}  // namespace
}  // namespace convstep

int main() {
  return convstep::main_impl();
}
