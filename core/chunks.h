// Work split over threads in contiguous chunks: the engine's rows, the playground's display mapping.
#pragma once

#include <algorithm>
#include <cstdint>
#include <system_error>
#include <thread>
#include <vector>

namespace convstep {

// Runs work(chunk, begin, end) over [0, count) in `threads` contiguous chunks, the first on the calling
// thread. A thread that cannot be started leaves its chunk to the calling thread.
template <class Work>
void for_each_chunk(int64_t count, int threads, const Work& work) {
  threads = static_cast<int>(std::clamp<int64_t>(threads, 1, std::max<int64_t>(count, 1)));
  auto bounds = [&](int c) { return count * c / threads; };
  std::vector<std::thread> started;
  std::vector<int> left_over;
  for (int c = 1; c < threads; ++c) {
    try {
      started.emplace_back([&work, c, b = bounds(c), e = bounds(c + 1)] { work(c, b, e); });
    } catch (const std::system_error&) {
      left_over.push_back(c);
    }
  }
  work(0, bounds(0), bounds(1));
  for (int c : left_over) work(c, bounds(c), bounds(c + 1));
  for (std::thread& t : started) t.join();
}

}  // namespace convstep
